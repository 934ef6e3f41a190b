//! The name of someone in the member's family, for screens that act for them.
use leptos::prelude::*;

use crate::client;

/// The display name of someone in the member's family, once fetched.
pub fn use_person_name(id: Option<String>) -> impl Fn() -> Option<String> + Copy {
    let wanted = StoredValue::new(id);
    let family = LocalResource::new(move || {
        let fetch = wanted.with_value(Option::is_some);
        async move {
            if fetch {
                client::family().await.ok()
            } else {
                None
            }
        }
    });
    move || {
        let want = wanted.get_value()?;
        family.get().flatten()?.people.into_iter().find(|p| p.id == want).map(|p| p.name)
    }
}
