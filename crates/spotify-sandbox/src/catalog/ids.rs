//! Spotify-shaped identifiers: base62 ids, ISRCs and UPCs.

use rand::Rng;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A random 22-character base62 Spotify id.
pub fn random_id(rng: &mut impl Rng) -> String {
    (0..22).map(|_| char::from(BASE62[rng.random_range(0..62)])).collect()
}

/// Registrant countries used in generated ISRCs.
const ISRC_COUNTRIES: [&str; 10] = ["US", "GB", "DE", "FR", "SE", "NL", "BR", "JP", "CA", "AU"];

/// A well-formed ISRC: country, three-character registrant, two-digit year, five-digit designation.
pub(crate) fn isrc(rng: &mut impl Rng, year: i32) -> String {
    let country = ISRC_COUNTRIES[rng.random_range(0..ISRC_COUNTRIES.len())];
    let registrant: String = (0..3).map(|_| char::from(BASE62[rng.random_range(10..36)])).collect();
    format!("{country}{registrant}{:02}{:05}", year.rem_euclid(100), rng.random_range(0..100_000))
}

/// A 12-digit UPC-A with a valid check digit.
pub(crate) fn upc(rng: &mut impl Rng) -> String {
    let digits: Vec<u32> = (0..11).map(|_| rng.random_range(0..10)).collect();
    let weighted: u32 = digits.iter().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
    let check = (10 - weighted % 10) % 10;
    digits.iter().chain(std::iter::once(&check)).map(|d| char::from(b'0' + *d as u8)).collect()
}

/// A playlist id of Spotify's editorial shape (`37i9dQZF1…`), which Development-Mode apps cannot read.
pub(crate) fn editorial_playlist_id(rng: &mut impl Rng) -> String {
    let tail: String = (0..13).map(|_| char::from(BASE62[rng.random_range(0..62)])).collect();
    format!("37i9dQZF1{tail}")
}

#[cfg(test)]
mod tests {
    use crossfade_domain::SpotifyId;
    use rand::SeedableRng;

    use super::*;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn generated_identifiers_are_well_formed() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let id = random_id(&mut rng);
        assert!(SpotifyId::is_valid(&id), "{id}");
        assert!(!SpotifyId::is_valid("short"));
        let code = isrc(&mut rng, 1999);
        assert_eq!(code.len(), 12);
        assert_eq!(&code[5..7], "99");
        let barcode = upc(&mut rng);
        assert_eq!(barcode.len(), 12);
        let sum: u32 =
            barcode.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 }).sum();
        assert_eq!(sum % 10, 0);
        let editorial = editorial_playlist_id(&mut rng);
        assert!(editorial.starts_with("37i9dQZ") && SpotifyId::is_valid(&editorial));
    }
}
