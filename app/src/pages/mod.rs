//! One module per page.

mod about;
mod home;
mod not_found;
mod settings;
mod sign_in;

pub use about::AboutPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use settings::SettingsPage;
pub use sign_in::SignInPage;
