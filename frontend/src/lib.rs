//! The browser entry point. The generated JavaScript glue calls `hydrate()` once the wasm module has loaded; it
//! attaches Crossfade's reactive UI to the HTML the server already rendered.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(crossfade_app::App);
}
