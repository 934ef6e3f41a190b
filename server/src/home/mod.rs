//! The member's first screens: `/me` and `/home`, which gather one line from each domain.
pub mod routes;
