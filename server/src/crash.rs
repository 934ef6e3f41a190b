//! A test hook for crash-consistency tests: in dev mode, `--crash-point NAME` makes the process
//! SIGKILL itself when it reaches the point called NAME (no destructors, no flush, no
//! shutdown), so a test can restart it and check what a crash there leaves behind.
use std::sync::OnceLock;

static ARMED: OnceLock<String> = OnceLock::new();

/// Arms `name` for this process (main does this in dev mode only; production never does).
pub fn arm(name: &str) {
    let _ = ARMED.set(name.to_string());
}

/// Dies here when this point is the armed one.
pub fn point(name: &str) {
    if ARMED.get().is_some_and(|armed| armed == name) {
        eprintln!("crash point {name}: SIGKILL");
        #[cfg(unix)]
        // SAFETY: kill(2) on our own pid with a signal number; no memory is touched.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort(); // not reached on unix
    }
}
