//! One module per route.
mod articles;
mod home;
mod login;
mod not_found;
mod points;
pub mod prescriptions;
mod schedule;
mod settings;
mod survey;
mod tier;

pub use articles::ArticlesPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use points::PointsPage;
pub use prescriptions::PrescriptionsPage;
pub use schedule::SchedulePage;
pub use settings::SettingsPage;
pub use survey::SurveyPage;
pub use tier::TierPage;
