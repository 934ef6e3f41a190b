//! One module per route.
mod articles;
mod home;
mod login;
mod not_found;
mod points;
mod points_rules;
pub mod prescriptions;
mod rewards;
mod schedule;
mod settings;
mod survey;
mod tier;
mod wallet;

pub use articles::ArticlesPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use points::PointsPage;
pub use points_rules::PointsRulesPage;
pub use prescriptions::{PrescriptionPage, PrescriptionsPage, UploadPage};
pub use rewards::RewardsPage;
pub use schedule::{EditMedicinePage, MedicationPage, MedicinesPage, SchedulePage, WeekPage};
pub use settings::SettingsPage;
pub use survey::SurveyPage;
pub use tier::TierPage;
pub use wallet::WalletPage;
