//! Crossfade's domain core: the product's value types, parsed from untrusted input into types that cannot hold an
//! invalid value. Nothing here touches the network, the database or the clock, so the same code runs on the server
//! and in the browser.

mod site_origin;
mod theme;

pub use site_origin::{SiteOrigin, SiteOriginError};
pub use theme::{Theme, UnknownTheme};
