//! What members read and tell us: health articles, NPS surveys and feedback.
pub mod articles;
pub mod feedback;
pub mod routes;
pub mod surveys;
