//! The HTML of the sign-in/consent page and of the error page, usable without JavaScript.

use std::fmt::Write;

use super::authorize::ValidAuthorization;
use super::scopes::describe;

/// A demo account offered on the consent page.
pub(super) struct Account {
    pub id: String,
    pub display_name: String,
    pub premium: bool,
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><link rel=\"icon\" href=\"data:,\">\
<title>{}</title><style>body{{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}}\
fieldset{{border:1px solid #ccc;border-radius:6px}}li{{margin:.3rem 0}}button{{margin:.5rem .5rem 0 0;padding:.5rem 1.2rem}}\
.error{{color:#a00}}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

/// The consent page: pick a demo account, read the requested scopes, approve or deny.
pub(super) fn consent(request: &ValidAuthorization, accounts: &[Account], problem: Option<&str>) -> String {
    let mut body = String::from("<h1>Spotify sandbox</h1>");
    let _ = write!(
        body,
        "<p><strong>{}</strong> wants to connect to your Spotify account.</p>",
        escape(&request.client_id)
    );
    if let Some(problem) = problem {
        let _ = write!(body, "<p class=\"error\" role=\"alert\">{}</p>", escape(problem));
    }
    body.push_str("<form method=\"post\" action=\"authorize\">");
    for (name, value) in request.hidden_fields() {
        let _ = write!(body, "<input type=\"hidden\" name=\"{}\" value=\"{}\">", escape(name), escape(&value));
    }
    body.push_str("<fieldset><legend>Sign in as</legend><ul>");
    for (index, account) in accounts.iter().enumerate() {
        let checked = if index == 0 { " checked" } else { "" };
        let plan = if account.premium { "Premium" } else { "Free" };
        let _ = write!(
            body,
            "<li><label><input type=\"radio\" name=\"user_id\" value=\"{}\"{checked}>{}</label> <small>({plan})</small></li>",
            escape(&account.id),
            escape(&account.display_name)
        );
    }
    body.push_str("</ul></fieldset>");
    if request.scopes.is_empty() {
        body.push_str("<p>It asks only to read your public profile.</p>");
    } else {
        body.push_str("<h2>It will be able to</h2><ul>");
        for scope in &request.scopes {
            let _ = write!(
                body,
                "<li>{} <small><code>{}</code></small></li>",
                escape(describe(scope).unwrap_or(scope)),
                escape(scope)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str(
        "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\
<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
    );
    document("Sign in – Spotify sandbox", &body)
}

/// A validation error shown instead of redirecting.
pub(super) fn error(message: &str) -> String {
    let body = format!("<h1>Something went wrong</h1><p class=\"error\" role=\"alert\">{}</p>", escape(message));
    document("Error – Spotify sandbox", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert!(error("<script>").contains("&lt;script&gt;"));
    }
}
