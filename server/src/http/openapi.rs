//! `GET /api/openapi.json`: the document's frame (title, tags, shared schemas) here; each operation
//! comes from the router that registers its handler (`routes!`), so the two cannot drift apart.
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Pharmacy member portal API", version = "1",
         description = "REST contract of the member portal. Errors are always `{\"error\": {\"code\", \"message\"}}`."),
    // Enums used only as query parameters are referenced by name and must be listed here.
    components(schemas(api::surveys::Moment, api::points::LedgerFilter)),
    tags((name = "auth"), (name = "member"), (name = "points"), (name = "rewards"), (name = "tier"), (name = "schedule"),
         (name = "prescriptions"), (name = "articles"), (name = "surveys"), (name = "feedback"), (name = "health"), (name = "family"), (name = "admin"), (name = "staff"), (name = "growth"))
)]
pub struct ApiDoc;

/// The finished document: the frame, every route's operation, then the statuses extractors answer.
pub fn finish(frame: utoipa::openapi::OpenApi, routes: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut doc = frame.merge_from(routes);
    utoipa::Modify::modify(&RejectionStatuses, &mut doc);
    doc
}

/// Documents, on every operation, the statuses its extractors can answer before the handler
/// runs, each with the error body: a malformed path or query value (400); for a JSON body also
/// a malformed one (400), a missing `Content-Type` (415), a mistyped field (422) and a body over
/// the limit (413); for an upload, a malformed or oversize form (400, 413). Writing these on
/// each of 70 handlers by hand is how the document fell behind the code.
struct RejectionStatuses;

impl utoipa::Modify for RejectionStatuses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Content, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content("application/json", Content::new(Some(Ref::from_schema_name("ErrorBody"))))
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let body_types: Vec<String> =
                    operation.request_body.iter().flat_map(|b| b.content.keys().cloned()).collect();
                let mut statuses: Vec<(&str, &str)> = Vec::new();
                if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    statuses.push(("400", "a path or query value of the wrong shape"));
                }
                if body_types.iter().any(|t| t == "application/json") {
                    statuses.extend([
                        ("400", "malformed JSON"),
                        ("413", "request body too large"),
                        ("415", "expected Content-Type: application/json"),
                        ("422", "a field missing or of the wrong type"),
                    ]);
                }
                if body_types.iter().any(|t| t.starts_with("multipart/")) {
                    statuses.extend([("400", "not a valid upload form"), ("413", "upload too large")]);
                }
                for (status, description) in statuses {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error(description).into());
                }
            }
        }
    }
}
