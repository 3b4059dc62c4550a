//! Charts drawn by ECharts once a page has hydrated. Every chart is first a server-rendered SVG picture with its
//! numbers in a table (what a browser without JavaScript keeps); with JavaScript, the same data is drawn by ECharts
//! into a box beside the picture, which then takes the picture's place, with tooltips and the page's light or dark
//! theme. The chart options are built with `charming`'s model and handed to ECharts as JSON; ECharts (vendored,
//! `/vendor/echarts.min.js`) is loaded on the first chart a page draws, so pages without charts never fetch it.

use leptos::prelude::*;

/// What a chart shows, as both drawings use it.
#[derive(Clone, Debug, PartialEq)]
pub enum Drawing {
    /// Labelled columns: a histogram, minutes per month, skip rate by hour.
    Columns { labels: Vec<String>, values: Vec<u64>, series: String },
    /// A year of days (`YYYY-MM-DD`, value), shaded by value.
    Calendar { year: u16, days: Vec<(String, u64)>, series: String },
    /// Hour of day × weekday cells (weekday 0 = Monday, hour, value).
    WeekGrid { cells: Vec<(u8, u8, u64)>, series: String },
    /// Lines over days (`YYYY-MM-DD`), one value per day and series, None where a series has none (a gap); with
    /// `positions` the axis runs from 1 at the top, as chart positions read.
    Lines { days: Vec<String>, series: Vec<(String, Vec<Option<f64>>)>, positions: bool },
}

/// The box ECharts draws `drawing` into, inside a `.chart` figure that holds the SVG picture. `label` describes the
/// chart as the picture's does.
#[component]
pub fn Drawn(id: String, label: String, drawing: Drawing) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let id = id.clone();
        // Effects run in the browser only, after hydration.
        Effect::new(move |_| browser::draw(&id, &drawing));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = drawing;
    view! { <div class="echart" id=id role="img" aria-label=label></div> }
}

/// An element id for a chart named `name`: letters and digits kept, anything else a hyphen.
pub fn chart_id(name: &str) -> String {
    let slug: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("chart-{slug}")
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};

    use charming::Chart;
    use charming::component::{Axis, Calendar, Grid, Legend, VisualMap};
    use charming::element::{AxisType, CoordinateSystem, Orient, Tooltip, Trigger};
    use charming::series::{Bar, Heatmap, Line};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::prelude::*;

    use super::Drawing;

    /// Where the vendored ECharts is served.
    const ECHARTS_PATH: &str = "/vendor/echarts.min.js";

    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    #[wasm_bindgen]
    extern "C" {
        /// A chart ECharts drew.
        type Instance;

        #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
        fn init(element: &web_sys::Element, theme: &str) -> Result<Instance, JsValue>;

        #[wasm_bindgen(catch, method, js_name = setOption)]
        fn set_option(this: &Instance, option: &JsValue) -> Result<(), JsValue>;

        #[wasm_bindgen(method)]
        fn resize(this: &Instance);
    }

    thread_local! {
        /// Charts waiting for ECharts to load, and whether it is loading.
        static WAITING: RefCell<Vec<(String, Chart)>> = const { RefCell::new(Vec::new()) };
        static LOADING: Cell<bool> = const { Cell::new(false) };
        /// The charts drawn, resized with the window.
        static DRAWN: RefCell<Vec<Instance>> = const { RefCell::new(Vec::new()) };
    }

    pub fn draw(id: &str, drawing: &Drawing) {
        let chart = chart_of(drawing);
        if loaded() {
            render(id, &chart);
        } else {
            WAITING.with(|waiting| waiting.borrow_mut().push((id.to_owned(), chart)));
            load();
        }
    }

    fn loaded() -> bool {
        js_sys::Reflect::get(&js_sys::global(), &"echarts".into()).is_ok_and(|echarts| !echarts.is_undefined())
    }

    /// Adds the script once; when it has run, draws every chart that waited.
    fn load() {
        if LOADING.with(|loading| loading.replace(true)) {
            return;
        }
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        let Some(script) = document
            .create_element("script")
            .ok()
            .and_then(|element| element.dyn_into::<web_sys::HtmlScriptElement>().ok())
        else {
            return;
        };
        script.set_src(ECHARTS_PATH);
        let drawn = Closure::once_into_js(|| {
            let waiting = WAITING.with(|waiting| std::mem::take(&mut *waiting.borrow_mut()));
            for (id, chart) in waiting {
                render(&id, &chart);
            }
        });
        script.set_onload(Some(drawn.unchecked_ref()));
        if let Some(head) = document.head() {
            let _ = head.append_child(&script);
        }
    }

    /// Whether the page shows its dark theme: chosen, or the system's when the choice is "system".
    fn dark() -> bool {
        let Some(window) = web_sys::window() else { return false };
        let chosen = window
            .document()
            .and_then(|document| document.document_element())
            .and_then(|root| root.get_attribute("data-theme"));
        match chosen.as_deref() {
            Some("dark") => true,
            Some("light") => false,
            _ => window.match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|query| query.matches()),
        }
    }

    /// Draws into the box `id`; its figure is marked drawn first (so the box has a size) and unmarked if ECharts
    /// refuses, leaving the SVG picture in place.
    fn render(id: &str, chart: &Chart) {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        let Some(element) = document.get_element_by_id(id) else { return };
        let Some(figure) = element.closest(".chart").ok().flatten() else { return };
        let _ = figure.class_list().add_1("drawn");
        let dark = dark();
        let drawn = init(&element, if dark { "dark" } else { "" }).and_then(|instance| {
            instance.set_option(&options(chart, dark)?)?;
            Ok(instance)
        });
        match drawn {
            Ok(instance) => {
                follow_the_window();
                DRAWN.with(|drawn| drawn.borrow_mut().push(instance));
            }
            Err(_) => {
                let _ = figure.class_list().remove_1("drawn");
            }
        }
    }

    /// The accent of the page's theme (style/main.css `--accent`) and the faint end of its scale.
    fn palette(dark: bool) -> (&'static str, &'static str) {
        if dark { ("#3ccf8e", "#1d3a2e") } else { ("#0d7a4f", "#d8efe4") }
    }

    /// The chart as ECharts' options, in the page's colours. What charming 0.6 cannot say is set here: a calendar's
    /// `cellSize` (charming writes it as tagged values ECharts cannot read) and first weekday, and the shading's
    /// colours.
    fn options(chart: &Chart, dark: bool) -> Result<JsValue, JsValue> {
        let (accent, faint) = palette(dark);
        let set = |target: &JsValue, key: &str, value: &JsValue| js_sys::Reflect::set(target, &key.into(), value);
        let options = js_sys::JSON::parse(&chart.to_string())?;
        set(&options, "color", &js_sys::Array::of1(&accent.into()))?;
        let calendar = js_sys::Reflect::get(&options, &"calendar".into())?;
        if calendar.is_object() {
            set(&calendar, "cellSize", &js_sys::Array::of2(&"auto".into(), &"auto".into()))?;
            let day_label = js_sys::Object::new();
            set(&day_label, "firstDay", &1.into())?;
            set(&calendar, "dayLabel", &day_label)?;
        }
        let maps = js_sys::Reflect::get(&options, &"visualMap".into())?;
        if let Some(maps) = maps.dyn_ref::<js_sys::Array>() {
            for map in maps.iter() {
                let in_range = js_sys::Object::new();
                set(&in_range, "color", &js_sys::Array::of2(&faint.into(), &accent.into()))?;
                set(&map, "inRange", &in_range)?;
            }
        }
        Ok(options)
    }

    /// Resizes every drawn chart when the window changes size (a phone turned, a window narrowed).
    fn follow_the_window() {
        thread_local!(static FOLLOWING: Cell<bool> = const { Cell::new(false) });
        if FOLLOWING.with(|following| following.replace(true)) {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let resized = Closure::<dyn Fn()>::new(|| DRAWN.with(|drawn| drawn.borrow().iter().for_each(Instance::resize)));
        let _ = window.add_event_listener_with_callback("resize", resized.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        resized.forget();
    }

    fn chart_of(drawing: &Drawing) -> Chart {
        let chart = Chart::new().background_color("transparent");
        match drawing {
            Drawing::Lines { days, series, positions } => {
                let values = Axis::new().type_(AxisType::Value).inverse(*positions).min_interval(1);
                let values = if *positions { values.min(1) } else { values };
                series.iter().fold(
                    chart
                        .tooltip(Tooltip::new().trigger(Trigger::Axis))
                        .legend(Legend::new().top(0))
                        .grid(Grid::new().left(56).right(12).top(28).bottom(28))
                        .x_axis(Axis::new().type_(AxisType::Category).data(days.clone()))
                        .y_axis(values),
                    // A missing value is written as null, which ECharts draws as a gap in the line.
                    |chart, (name, points)| chart.series(Line::new().name(name.as_str()).data(points.clone())),
                )
            }
            Drawing::Columns { labels, values, series } => chart
                .tooltip(Tooltip::new().trigger(Trigger::Axis))
                .grid(Grid::new().left(48).right(12).top(12).bottom(28))
                .x_axis(Axis::new().type_(AxisType::Category).data(labels.clone()))
                .y_axis(Axis::new().type_(AxisType::Value).min_interval(1))
                .series(Bar::new().name(series.as_str()).data(values.iter().map(|value| *value as i64).collect())),
            Drawing::Calendar { year, days, series } => {
                let largest = days.iter().map(|(_, value)| *value).max().unwrap_or(0).max(1);
                chart
                    .tooltip(Tooltip::new())
                    .visual_map(VisualMap::new().min(0).max(largest as f64).show(false).orient(Orient::Horizontal))
                    .calendar(Calendar::new().range(year.to_string()).top(24).left(32).right(8).bottom(8))
                    .series(Heatmap::new().name(series.as_str()).coordinate_system(CoordinateSystem::Calendar).data(
                        days.iter().map(|(day, value)| vec![day.clone().into(), (*value as i64).into()]).collect(),
                    ))
            }
            Drawing::WeekGrid { cells, series } => {
                let largest = cells.iter().map(|(_, _, value)| *value).max().unwrap_or(0).max(1);
                chart
                    .tooltip(Tooltip::new())
                    .grid(Grid::new().left(40).right(8).top(8).bottom(24))
                    .x_axis(
                        Axis::new().type_(AxisType::Category).data((0..24).map(|hour| format!("{hour:02}")).collect()),
                    )
                    .y_axis(
                        Axis::new()
                            .type_(AxisType::Category)
                            .inverse(true)
                            .data(WEEKDAYS.iter().map(|day| day.to_string()).collect()),
                    )
                    .visual_map(VisualMap::new().min(0).max(largest as f64).show(false))
                    .series(
                        Heatmap::new().name(series.as_str()).data(
                            cells
                                .iter()
                                .map(|(weekday, hour, value)| {
                                    vec![i64::from(*hour).into(), i64::from(*weekday).into(), (*value as i64).into()]
                                })
                                .collect(),
                        ),
                    )
            }
        }
    }
}
