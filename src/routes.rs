//! Typed routes: every link and redirect goes through [`Page`], so a path is written once.

/// The portal's screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Login,
    Points,
    PointsRules,
    Rewards,
    Wallet,
    Tier,
    Prescriptions,
    Schedule,
    ScheduleWeek,
    Medications,
    AddMedicine,
    Articles,
    Survey,
    Feedback,
    Settings,
    Account,
    HealthProfile,
    Consult,
    MedicineSearch,
    Family,
    Invite,
    Offers,
}

impl Page {
    /// The path this page lives at (must match the `path!` in `app.rs`).
    pub const fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Login => "/login",
            Page::Points => "/points",
            Page::PointsRules => "/points/rules",
            Page::Rewards => "/rewards",
            Page::Wallet => "/wallet",
            Page::Tier => "/tier",
            Page::Prescriptions => "/prescriptions",
            Page::Schedule => "/schedule",
            Page::ScheduleWeek => "/schedule/week",
            Page::Medications => "/schedule/medicines",
            Page::AddMedicine => "/schedule/add",
            Page::Articles => "/articles",
            Page::Survey => "/survey",
            Page::Feedback => "/feedback",
            Page::Settings => "/settings",
            Page::Account => "/settings/account",
            Page::HealthProfile => "/settings/health",
            Page::Consult => "/consult",
            Page::MedicineSearch => "/medicines",
            Page::Family => "/family",
            Page::Invite => "/invite",
            Page::Offers => "/offers",
        }
    }

    /// One medication's detail page.
    pub fn medication(id: &str) -> String {
        format!("/schedule/medicines/{}", crate::format::encode(id))
    }

    /// Form to change one medication.
    pub fn edit_medication(id: &str) -> String {
        format!("/schedule/medicines/{}/edit", crate::format::encode(id))
    }

    /// Login page that returns to `next` afterwards. Only same-app paths are kept, so a
    /// crafted link cannot bounce a member to another site.
    pub fn login_then(next: &str) -> String {
        match safe_next(next) {
            Some(next) if next != "/" => format!("/login?next={}", crate::format::encode(next)),
            _ => Page::Login.path().to_string(),
        }
    }
}

/// `next` if it is a path inside the app (`/x`, not `//host` or `/login`).
pub fn safe_next(next: &str) -> Option<&str> {
    let inside = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    (inside && !next.starts_with(Page::Login.path())).then_some(next)
}
