//! The signed URL: a request as one URL that works on its own (a browser, curl, a bug report),
//! with the token, proof and time in the query, and a write carried as Graph's `method=` override
//! with its body's fields as query parameters.

use url::Url;

use super::request::{
    Body, BuildError, Credentials, Method, RequestSpec, Target, finish_url, resolve, signing_pairs,
};
use super::sign::{Proof, make_proof};

/// A URL that works on its own (browser, curl): the token, proof and time all in the query. A method
/// other than GET is carried as Graph's `method=` override so the URL still does what was asked.
pub fn signed_url(
    spec: &RequestSpec,
    target: &Target,
    creds: &Credentials,
    time: i64,
) -> Result<(Url, Option<Proof>), BuildError> {
    let (url, mut pairs) = resolve(spec, target)?;
    match spec.method {
        Method::Get => {}
        Method::Post | Method::Delete => {
            pairs.retain(|(k, _)| k != "method");
            pairs.push(("method".into(), spec.method.as_str().to_ascii_lowercase()));
        }
        m => {
            return Err(BuildError::NotAUrl(format!(
                "a {} cannot be made from a URL (Graph's method= takes post and delete)",
                m.as_str()
            )));
        }
    }
    pairs.extend(body_in_url(&spec.body)?);
    let proof = make_proof(
        target.proof,
        &creds.access_token,
        creds.app_secret.as_ref(),
        time,
    );
    signing_pairs(&mut pairs, creds, proof.as_ref(), true);
    Ok((finish_url(url, &pairs), proof))
}

/// A body as query parameters, as Graph accepts them: form fields as they are, a JSON object's
/// top-level fields with strings as they are and other values as their JSON text.
fn body_in_url(body: &Body) -> Result<Vec<(String, String)>, BuildError> {
    match body {
        Body::None => Ok(Vec::new()),
        Body::Form(fields) => Ok(fields.clone()),
        Body::Json(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => Ok(map
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, v)
                })
                .collect()),
            _ => Err(BuildError::NotAUrl(
                "a JSON body that is not an object cannot travel in a URL".into(),
            )),
        },
        Body::Raw { content_type, .. } => Err(BuildError::NotAUrl(format!(
            "a raw {content_type} body cannot travel in a URL"
        ))),
    }
}
