//! Reactive helpers shared by several screens, one per file.
pub mod mutation;

pub use mutation::Mutation;
