//! A test hook for crash-consistency tests: in dev mode, `--crash-point NAME` makes the process
//! die at once (abort: no destructors, no flush, like a SIGKILL) when it reaches the point
//! called NAME, so a test can restart it and check what a crash there leaves behind.
use std::sync::OnceLock;

static ARMED: OnceLock<String> = OnceLock::new();

/// Arms `name` for this process (main does this in dev mode only; production never does).
pub fn arm(name: &str) {
    let _ = ARMED.set(name.to_string());
}

/// Dies here when this point is the armed one.
pub fn point(name: &str) {
    if ARMED.get().is_some_and(|armed| armed == name) {
        eprintln!("crash point {name}: aborting");
        std::process::abort();
    }
}
