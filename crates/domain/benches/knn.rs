//! Discover's exact nearest-neighbour scan against the memory bandwidth of this machine: top 50 of 1,000,000 track
//! vectors. A scan reads every vector once, so it can be no faster than the time to read them from memory; the
//! ratio to that bound says whether the scan is as fast as it can be, and p99 whether a page waits on it.
//!
//! Run with `cargo bench -p crossfade-domain --bench knn`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crossfade_domain::{DIM, TrackVector, VectorIndex};

const VECTORS: usize = 1_000_000;
const QUERIES: usize = 300;
const K: usize = 50;
/// Far larger than any cache, so reading it measures memory.
const BANDWIDTH_BYTES: usize = 512 << 20;
const BANDWIDTH_PASSES: usize = 5;
/// The p99 a page can afford to wait for the scan.
const BUDGET_MS: f64 = 10.0;

/// SplitMix64: a few lines give reproducible vectors without a random number crate in the domain's dependencies.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// From −1 to 1.
    fn part(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }

    /// A random direction, of length 1 as every track's vector is.
    fn vector(&mut self) -> TrackVector {
        let vector: TrackVector = std::array::from_fn(|_| self.part());
        let length = vector.iter().map(|part| part * part).sum::<f32>().sqrt();
        vector.map(|part| part / length)
    }
}

/// Bytes per second read from memory by one thread, as the scan reads them: the best of a few passes over a buffer
/// no cache holds.
fn read_bandwidth() -> f64 {
    let buffer: Vec<u64> = (0..BANDWIDTH_BYTES / 8).map(|at| at as u64).collect();
    let best = (0..BANDWIDTH_PASSES)
        .map(|_| {
            let started = Instant::now();
            // Several independent sums, so the additions keep up with memory rather than wait on each other.
            let mut sums = [0u64; 8];
            for chunk in buffer.as_chunks::<8>().0 {
                for (sum, value) in sums.iter_mut().zip(chunk) {
                    *sum = sum.wrapping_add(*value);
                }
            }
            black_box(sums);
            started.elapsed()
        })
        .min()
        .unwrap_or(Duration::MAX);
    BANDWIDTH_BYTES as f64 / best.as_secs_f64()
}

fn main() {
    let mut numbers = Numbers(0x00C0_FFEE);
    let mut index = VectorIndex::with_capacity(VECTORS);
    for _ in 0..VECTORS {
        index.push(&numbers.vector());
    }
    let bandwidth = read_bandwidth();

    black_box(index.top_k(&numbers.vector(), K));
    let mut times_ms: Vec<f64> = (0..QUERIES)
        .map(|_| {
            let query = numbers.vector();
            let started = Instant::now();
            let found = index.top_k(black_box(&query), K);
            let elapsed = started.elapsed();
            assert_eq!(black_box(found).len(), K);
            elapsed.as_secs_f64() * 1e3
        })
        .collect();
    times_ms.sort_by(f64::total_cmp);
    let quantile = |q: f64| times_ms[((q * QUERIES as f64).ceil() as usize).clamp(1, QUERIES) - 1];
    let (p50, p99) = (quantile(0.5), quantile(0.99));
    let mean = times_ms.iter().sum::<f64>() / QUERIES as f64;

    let bytes = (VECTORS * DIM * size_of::<f32>()) as f64;
    let bound_ms = bytes / bandwidth * 1e3;
    // The scan's time grows with the number of vectors, so p99 reaches the budget at this many.
    let largest = (VECTORS as f64 * BUDGET_MS / p99).floor();

    println!("exact top-{K} scan ({QUERIES} queries, one thread)");
    println!("  vectors                      {VECTORS:>12}");
    println!("  dimensions                   {DIM:>12}");
    println!("  bytes scanned per query      {:>12.0}  ({:.1} MB)", bytes, bytes / 1e6);
    println!(
        "  memory read bandwidth        {:>12.2}  GB/s (best of {BANDWIDTH_PASSES} passes over {} MB)",
        bandwidth / 1e9,
        BANDWIDTH_BYTES >> 20
    );
    println!("  bandwidth bound              {bound_ms:>12.3}  ms/query");
    println!("  p50                          {p50:>12.3}  ms/query");
    println!("  mean                         {mean:>12.3}  ms/query");
    println!("  p99                          {p99:>12.3}  ms/query");
    println!("  p50 / bound                  {:>12.2}  (target ≤ 2)", p50 / bound_ms);
    println!("  p99 within {BUDGET_MS} ms up to     {largest:>12.0}  vectors (linear estimate)");
}
