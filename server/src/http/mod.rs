//! The HTTP edge shared by every domain: the one error type, request extractors, response
//! headers, static files and the OpenAPI document. Nothing here imports a domain.
pub mod error;
pub mod extract;
pub mod headers;
pub mod openapi;
pub mod static_files;
