//! Entry point: mounts the app over the static skeleton in `index.html`.
use wasm_bindgen::prelude::*;

fn main() {
    // Dev builds only in effect: the release bundle traps on a panic without calling a hook
    // (scripts/split-wasm.sh), and the browser logs the trap.
    console_error_panic_hook::set_once();
    // The first render gets a task of its own: instantiating the wasm is already one long
    // task on a slow phone, and the two together would block input for longer (TBT).
    let mount = Closure::once_into_js(portal::mount);
    if leptos::prelude::window().set_timeout_with_callback(mount.unchecked_ref()).is_err() {
        portal::mount();
    }
}
