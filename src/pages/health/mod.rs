//! Health: the member's health profile, safety warnings with "ask a pharmacist", the
//! pharmacist consultations and the medicine search.
mod consult;
mod profile;
mod search;
mod strings;

pub use consult::ConsultPage;
pub use profile::HealthProfilePage;
pub use search::MedicineSearchPage;
pub use strings::use_health_strings;
