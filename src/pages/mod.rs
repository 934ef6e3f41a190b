//! One module per route.
pub mod account;
pub mod articles;
pub mod family;
mod feedback;
pub mod health;
mod home;
pub mod invite;
mod login;
mod loyalty;
mod not_found;
pub mod prescriptions;
mod schedule;
mod settings;
pub mod survey;

pub use account::{AccountPage, ConsentGate};
pub use articles::{ArticlePage, ArticlesPage, SavedArticlesPage};
pub use family::{CareSchedulePage, FamilyPage};
pub use feedback::FeedbackPage;
pub use health::{ConsultPage, HealthProfilePage, MedicineSearchPage};
pub use home::HomePage;
pub use invite::{InvitePage, JoinPage};
pub use login::LoginPage;
pub use loyalty::{
    offer_line, offer_title, OffersPage, PointsPage, PointsRulesPage, RewardsPage, TierPage, WalletPage,
};
pub use not_found::NotFoundPage;
pub use prescriptions::{PrescriptionPage, PrescriptionsPage, UploadPage};
pub use schedule::{EditMedicinePage, MedicationPage, MedicinesPage, SchedulePage, WeekPage};
pub use settings::SettingsPage;
pub use survey::SurveyPage;
