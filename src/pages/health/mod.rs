//! Health: the member's health profile, safety warnings with "ask a pharmacist", the
//! pharmacist consultations and the medicine search.
mod ask;
mod consult;
mod drug_card;
mod profile;
mod search;
mod strings;
mod warnings;

pub use consult::ConsultPage;
pub use drug_card::DrugCard;
pub use profile::HealthProfilePage;
pub use search::MedicineSearchPage;
pub use strings::use_health_strings;
pub use warnings::SafetyWarnings;
