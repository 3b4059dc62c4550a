//! Rebuild the server when a migration is added or changed, so the embedded migrator never goes stale.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
