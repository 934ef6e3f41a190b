//! Reactive helpers shared by several screens, one per file.
pub mod mutation;
pub mod person_name;

pub use mutation::Mutation;
pub use person_name::use_person_name;
