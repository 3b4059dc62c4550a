//! The colour theme picker. The choice lives in a cookie so the server renders the right theme on the first byte
//! (no flash); without JavaScript the form posts and the page reloads, with it the theme switches in place.

use crossfade_domain::Theme;
use leptos::prelude::*;

use crate::AppError;

/// Name of the cookie that remembers the chosen theme.
pub const THEME_COOKIE: &str = "crossfade-theme";

/// Remembers the chosen colour theme for this browser. Needs no sign-in: the cookie holds nothing personal.
#[server(prefix = "/api", endpoint = "set_theme")]
pub async fn set_theme(theme: String) -> Result<Theme, AppError> {
    use crossfade_domain::SiteOrigin;
    use http::{HeaderValue, header::SET_COOKIE};
    use leptos_axum::ResponseOptions;

    let theme: Theme = theme.parse().map_err(|e| AppError::invalid("theme", e).answer())?;
    let secure = use_context::<SiteOrigin>().is_some_and(|origin| origin.is_secure());
    let cookie = format!(
        "{THEME_COOKIE}={theme}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{}",
        if secure { "; Secure" } else { "" }
    );
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie)) {
        response.append_header(SET_COOKIE, value);
    }
    Ok(theme)
}

/// The theme this page was rendered with: from the request's cookie on the server, from the rendered document in
/// the browser, so hydration always starts from what the server sent.
pub fn initial_theme() -> Theme {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| theme_from_cookies(parts.headers.get_all(http::header::COOKIE)))
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        document()
            .document_element()
            .and_then(|root| root.get_attribute("data-theme"))
            .and_then(|name| name.parse().ok())
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Theme::default()
    }
}

#[cfg(feature = "ssr")]
fn theme_from_cookies(headers: http::header::GetAll<'_, http::HeaderValue>) -> Option<Theme> {
    headers
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == THEME_COOKIE)
        .and_then(|(_, value)| value.parse().ok())
}

/// Radio buttons for System / Light / Dark and an Apply button.
#[component]
pub fn ThemePicker() -> impl IntoView {
    // After a refused plain form post the page's URL carries the error. The router hands such errors only to
    // what renders inside its routes; the picker sits in the footer, so it picks the error up itself.
    leptos_router::hooks::use_url().read_untracked().provide_server_action_error();
    let set_theme = ServerAction::<SetTheme>::new();
    // The theme the page shows: the rendered one until a choice succeeds; a refused choice changes nothing.
    let applied = RwSignal::new(initial_theme());
    let current = move || applied.get();
    Effect::new(move |_| {
        if let Some(Ok(theme)) = set_theme.value().get() {
            applied.set(theme);
            apply_to_document(theme);
        }
    });
    view! {
        <ActionForm action=set_theme attr:class="theme-picker">
            <fieldset>
                <legend>"Theme"</legend>
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="theme"
                                    value=theme.as_str()
                                    checked=move || current() == theme
                                    // Once hydrated, picking a theme applies it at once; the Apply button is
                                    // for pages without JavaScript.
                                    on:change=move |_| {
                                        set_theme.dispatch(SetTheme { theme: theme.as_str().to_owned() });
                                    }
                                />
                                {theme.label()}
                            </label>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="without-js">"Apply"</button>
            </fieldset>
            {move || {
                set_theme
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|error| view! { <p class="form-error" role="alert">{error.to_string()}</p> })
            }}
        </ActionForm>
    }
}

fn apply_to_document(theme: Theme) {
    #[cfg(feature = "hydrate")]
    if let Some(root) = document().document_element() {
        // The attribute drives the CSS variables; failing to set it only leaves the old colours.
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = theme;
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use http::HeaderMap;

    fn theme_of(cookies: &[&str]) -> Option<Theme> {
        let mut headers = HeaderMap::new();
        for cookie in cookies {
            headers.append(http::header::COOKIE, cookie.parse().unwrap());
        }
        theme_from_cookies(headers.get_all(http::header::COOKIE))
    }

    #[test]
    fn the_theme_cookie_is_found_among_others() {
        assert_eq!(theme_of(&["a=1; crossfade-theme=dark; b=2"]), Some(Theme::Dark));
        assert_eq!(theme_of(&["a=1", "crossfade-theme=light"]), Some(Theme::Light));
    }

    #[test]
    fn a_missing_or_unknown_theme_cookie_gives_none() {
        assert_eq!(theme_of(&[]), None);
        assert_eq!(theme_of(&["crossfade-theme=sepia"]), None);
        assert_eq!(theme_of(&["other-crossfade-theme=dark"]), None);
    }
}
