//! SCIM's discovery answers: the user schema and the service provider's configuration.

use serde_json::{Value, json};

use super::wire::{AUTH, CORE, ENTERPRISE, STATUS};

/// One attribute of a schema, in RFC 7643 §7's form.
fn attr(name: &str, kind: &str, required: bool) -> Value {
    json!({
        "name": name, "type": kind, "multiValued": false, "required": required,
        "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "none",
    })
}

/// A complex attribute with its sub-attributes (multi-valued ones are lists: emails, phones…).
fn complex(name: &str, multi: bool, subs: &[(&str, &str)]) -> Value {
    let mut a = attr(name, "complex", false);
    a["multiValued"] = json!(multi);
    a["subAttributes"] = Value::Array(
        subs.iter()
            .map(|(n, k)| attr(n, k, *n == "value" && multi))
            .collect(),
    );
    a
}

/// `GET /Schemas/Users`: the core User schema as Workplace serves it. `userName` (the member's
/// work e-mail) is required by SCIM, as is `name` by Workplace; an account without an e-mail is
/// made with `externalId` instead.
pub(super) fn user_schema(base: &str) -> Value {
    let mut user_name = attr("userName", "string", true);
    user_name["uniqueness"] = json!("server");
    let mut name = complex(
        "name",
        false,
        &[
            ("formatted", "string"),
            ("familyName", "string"),
            ("givenName", "string"),
            ("middleName", "string"),
            ("honorificPrefix", "string"),
            ("honorificSuffix", "string"),
        ],
    );
    name["required"] = json!(true);
    let mut id = attr("id", "string", false);
    id["mutability"] = json!("readOnly");
    id["returned"] = json!("always");
    id["uniqueness"] = json!("server");
    id["caseExact"] = json!(true);
    let multi = &[
        ("value", "string"),
        ("type", "string"),
        ("primary", "boolean"),
    ];
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": CORE,
        "name": "User",
        "description": "Workplace user account",
        "attributes": [
            id,
            user_name,
            name,
            attr("displayName", "string", false),
            attr("nickName", "string", false),
            attr("profileUrl", "reference", false),
            attr("title", "string", false),
            attr("userType", "string", false),
            attr("preferredLanguage", "string", false),
            attr("locale", "string", false),
            attr("timezone", "string", false),
            attr("active", "boolean", false),
            complex("emails", true, multi),
            complex("phoneNumbers", true, multi),
            complex("photos", true, &[("value", "reference"), ("type", "string"), ("primary", "boolean")]),
            complex(
                "addresses",
                true,
                &[
                    ("type", "string"),
                    ("formatted", "string"),
                    ("streetAddress", "string"),
                    ("locality", "string"),
                    ("region", "string"),
                    ("postalCode", "string"),
                    ("country", "string"),
                    ("primary", "boolean"),
                ],
            ),
            attr("externalId", "string", false),
        ],
        "extensions": [ENTERPRISE, STATUS, AUTH, "urn:ietf:params:scim:schemas:extension:facebook:starttermdates:2.0:User"],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/Users") },
    })
}

/// `GET /ServiceProviderConfigs`; SCIM 1.1 (`/scim/v1/`) has no PATCH.
pub(super) fn service_provider_config(patch: bool) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": { "supported": patch },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": 100 },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": false },
        "authenticationSchemes": [{ "type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "The integration's access token in Authorization: Bearer", "primary": true }],
    })
}
