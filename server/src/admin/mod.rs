//! The shop's machine credential: completed and refunded orders, new members and staff,
//! hand-off codes and campaigns come from the e-commerce platform, never from people.
pub mod routes;
