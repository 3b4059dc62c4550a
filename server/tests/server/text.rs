//! Reading a rendered page the way a person does, for tests that check what a page says.

/// The main content's text as a reader sees it: tags dropped (block and cell boundaries read as spaces), entities
/// decoded, white space collapsed.
pub fn visible_text(html: &str) -> String {
    const BLOCKS: [&str; 20] = [
        "p", "li", "ul", "td", "th", "tr", "caption", "table", "dt", "dd", "dl", "h1", "h2", "h3", "div", "nav",
        "header", "section", "label", "option",
    ];
    let main = html.split_once("<main").map_or(html, |(_, main)| main);
    let main = main.split_once("</main>").map_or(main, |(main, _)| main);
    let mut text = String::new();
    let mut rest = main;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else { break };
        let tag = &rest[start + 1..start + end];
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
        if BLOCKS.contains(&name) {
            text.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
