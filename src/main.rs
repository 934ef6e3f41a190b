//! Entry point: mounts the app over the static skeleton in `index.html`.
fn main() {
    console_error_panic_hook::set_once();
    portal::mount();
}
