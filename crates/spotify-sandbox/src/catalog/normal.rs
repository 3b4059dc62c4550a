//! Gaussian helpers for the copula: the standard normal CDF and the Cholesky factor of a correlation matrix.

/// Φ(z), the standard normal cumulative distribution (Abramowitz–Stegun 7.1.26, error below 1.5e-7).
pub(crate) fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 { 0.5 * (1.0 + erf) } else { 0.5 * (1.0 - erf) }
}

/// The lower-triangular `L` with `L·Lᵀ = matrix`. A measured correlation matrix can be slightly indefinite, so the
/// diagonal is nudged until the factorisation succeeds.
pub(crate) fn cholesky<const N: usize>(matrix: &[[f64; N]; N]) -> [[f64; N]; N] {
    let mut jitter = 0.0;
    loop {
        if let Some(factor) = try_cholesky(matrix, jitter) {
            return factor;
        }
        jitter = if jitter == 0.0 { 1e-6 } else { jitter * 10.0 };
    }
}

fn try_cholesky<const N: usize>(matrix: &[[f64; N]; N], jitter: f64) -> Option<[[f64; N]; N]> {
    let mut l = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let diagonal = matrix[i][i] + jitter - sum;
                if diagonal <= 0.0 {
                    return None;
                }
                l[i][j] = diagonal.sqrt();
            } else {
                l[i][j] = (matrix[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_matches_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.644_854) - 0.95).abs() < 1e-6);
        assert!((normal_cdf(-1.959_964) - 0.025).abs() < 1e-6);
    }

    #[test]
    fn cholesky_reproduces_the_matrix() {
        let m = [[1.0, 0.73, -0.6], [0.73, 1.0, -0.7], [-0.6, -0.7, 1.0]];
        let l = cholesky(&m);
        for i in 0..3 {
            for j in 0..3 {
                let product: f64 = (0..3).map(|k| l[i][k] * l[j][k]).sum();
                assert!((product - m[i][j]).abs() < 1e-9);
            }
        }
    }
}
