use std::collections::BTreeMap;

use super::*;
use crate::core::vars::Scope;

fn cat() -> Catalogue {
    Catalogue::builtin().expect("catalogue")
}

fn vars(pairs: &[(&str, &str)]) -> Vars {
    Vars {
        profile: Some(Scope::new(
            "work",
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )),
        ..Vars::default()
    }
}

#[test]
fn a_typed_url_becomes_rows() {
    let d = Draft::from_url(Method::Put, "/custom/{thing}/path?x=1&fields=id,name");
    assert_eq!(d.url, "/custom/{thing}/path");
    assert_eq!(d.path_params, [Row::new("thing", "")]);
    assert_eq!(d.query, [Row::new("x", "1"), Row::new("fields", "id,name")]);
    assert_eq!(
        d.to_spec(&Vars::default()),
        Err(DraftError::MissingParam("thing".into()))
    );
}

#[test]
fn retyping_the_url_keeps_values() {
    let mut d = Draft::from_url(Method::Get, "/{group-id}/feed?limit=5");
    d.fill("group-id", "42");
    d.set_url("/{group-id}/members?limit=10&x=y");
    assert_eq!(d.path_params, [Row::new("group-id", "42")]);
    assert_eq!(d.query, [Row::new("limit", "10"), Row::new("x", "y")]);
    assert_eq!(d.line(), "/{group-id}/members?limit=10&x=y");
    d.set_url("/me?access_token=nope");
    assert!(d.path_params.is_empty());
    assert!(d.query.iter().all(|r| r.name != "access_token"));
}

#[test]
fn a_typed_query_is_the_query_sent_and_the_rows_it_leaves_out_are_turned_off() {
    let mut d = Draft::from_url(Method::Get, "/me?fields=id,name&limit=5");
    d.set_url("/me?fields=id,email");
    assert_eq!(
        d.line(),
        "/me?fields=id,email",
        "the line is what was typed"
    );
    let limit = d.query.iter().find(|r| r.name == "limit").expect("kept");
    assert!(
        !limit.enabled && limit.value == "5",
        "turned off, its value kept"
    );
    // A line typed without a query sends none: every row is turned off, none deleted.
    d.set_url("/me");
    assert_eq!(d.line(), "/me");
    assert_eq!(d.query.len(), 2);
    assert!(d.query.iter().all(|r| !r.enabled));
}

#[test]
fn the_line_to_edit_reads_back_as_the_same_rows() {
    let mut d = Draft::from_url(Method::Get, "/search");
    d.set_query("q", "a&b=c 1+1 100% #x");
    d.set_query("fields", "{{fields}},id");
    let rows = d.query.clone();
    let line = d.editable_line();
    d.set_url(&line);
    assert_eq!(d.query, rows, "{line}");
}

#[test]
fn a_catalogue_endpoint_prepares_rows() {
    let c = cat();
    let d = Draft::from_endpoint(&c, c.endpoint("group.feed").expect("ep"), &[]);
    assert_eq!(d.path_params[0].name, "group-id");
    assert!(d.query.iter().any(|q| q.name == "fields" && q.enabled));
    assert_eq!(d.body.kind, BodyKind::None);
    let post = Draft::from_endpoint(
        &c,
        c.endpoint("group.feed.post").expect("ep"),
        &[Row::new("group-id", "7")],
    );
    assert_eq!(post.path_params, [Row::new("group-id", "7")]);
    assert_eq!(post.body.kind, BodyKind::Json);
    assert!(post.body.text.contains("\"message\""));
}

#[test]
fn a_saved_form_stays_a_form_and_variables_come_from_the_chain() {
    let mut req = SavedRequest {
        name: "Post".into(),
        folder: String::new(),
        method: Method::Post,
        path: "/{{community}}/{group-id}/feed".into(),
        description: String::new(),
        path_params: vec![Pair::new("group-id", "{{group}}")],
        query: vec![Pair::new("fields", "id")],
        headers: vec![Pair::new("X-Trace", "{{trace}}")],
        body: None,
        content_type: String::new(),
        form: vec![Pair::new("message", "hi {{who}}")],
    };
    let d = Draft::from_saved(&req, None);
    assert_eq!(d.body.kind, BodyKind::Form);
    assert_eq!(d.path_params, [Row::new("group-id", "{{group}}")]);
    let mut v = vars(&[("community", "c1"), ("group", "g1"), ("trace", "t")]);
    let err = d.to_spec(&v).expect_err("who is unset");
    assert!(
        matches!(&err, DraftError::Unresolved { name, .. } if name == "who"),
        "{err:?}"
    );
    assert!(err.to_string().contains("{{who}}"), "{err}");
    v.environment = Some(Scope::new(
        "staging",
        BTreeMap::from([("who".to_owned(), "you".to_owned())]),
    ));
    let spec = d.to_spec(&v).expect("complete");
    assert_eq!(spec.path, "/c1/{group-id}/feed");
    assert_eq!(spec.path_params, [("group-id".to_owned(), "g1".to_owned())]);
    assert_eq!(spec.headers, [("X-Trace".to_owned(), "t".to_owned())]);
    assert_eq!(
        spec.body,
        Body::Form(vec![("message".to_owned(), "hi you".to_owned())])
    );
    // Round trip through saving keeps the variables as written.
    req.folder.clear();
    assert_eq!(d.to_saved("Post"), req);
}

#[test]
fn an_unresolved_variable_in_the_path_is_never_sent() {
    let d = Draft::from_url(Method::Get, "/{{missing}}/groups");
    assert!(d.path_params.is_empty(), "no `{{missing` parameter");
    let err = d.to_spec(&Vars::default()).expect_err("unresolved");
    assert!(err.to_string().contains("{{missing}}"), "{err}");
}

#[test]
fn json_is_checked_and_reserved_headers_refused() {
    let mut d = Draft::from_url(Method::Post, "/me/feed");
    d.body.kind = BodyKind::Json;
    d.body.text = "{\"a\": {{n}}}".into();
    assert_eq!(d.body_error(), None, "a variable stands for a value");
    d.body.text = "{".into();
    assert!(d.body_error().is_some());
    d.body.text = "{a: 1}".into();
    assert_eq!(
        d.body_error().as_deref(),
        Some("line 1, column 2: key must be a string"),
        "the place is said once"
    );
    assert!(matches!(
        d.to_spec(&Vars::default()),
        Err(DraftError::BadJson(_))
    ));
    d.body.kind = BodyKind::Raw;
    d.body.content_type = "text/csv".into();
    d.body.text = "a,b".into();
    assert_eq!(
        d.to_spec(&Vars::default()).expect("raw").body,
        Body::Raw {
            content_type: "text/csv".into(),
            text: "a,b".into()
        }
    );
    d.headers.push(Row::new("Authorization", "Bearer x"));
    assert_eq!(
        d.to_spec(&Vars::default()),
        Err(DraftError::ReservedHeader("Authorization".into()))
    );
}

#[test]
fn turning_a_page_keeps_the_other_rows() {
    let mut d = Draft::from_url(Method::Get, "/{group-id}/feed?fields=id,message&limit=2");
    d.fill("group-id", "1");
    let link =
        "https://graph.example/v19.0/1/feed?fields=id%2Cmessage&limit=2&after=QVFI&access_token=x";
    assert!(d.turn_page(link, None));
    assert_eq!(
        d.query,
        [
            Row::new("fields", "id,message"),
            Row::new("limit", "2"),
            Row::new("after", "QVFI")
        ]
    );
    assert!(d.turn_page(link, Some(("before", "Zz"))));
    assert!(d.query.iter().all(|r| r.name != "after"));
    assert!(
        d.query
            .iter()
            .any(|r| r.name == "before" && r.value == "Zz")
    );
    assert!(
        !d.turn_page("https://x/y?limit=2", None),
        "nothing new to set"
    );
}

#[test]
fn enum_types() {
    assert_eq!(
        enum_choices("enum(PLAINTEXT,MARKDOWN)"),
        ["PLAINTEXT", "MARKDOWN"]
    );
    assert!(enum_choices("string").is_empty());
}

#[test]
fn an_endpoint_offers_its_body_only_to_an_empty_one() {
    let c = cat();
    let post = c.endpoint("group.feed.post").expect("endpoint");
    let mut d = Draft::from_url(Method::Post, "/{group-id}/feed");
    d.offer_body(post);
    assert_eq!(d.body.kind, BodyKind::Json);
    assert!(d.body.text.contains("\"message\""), "{}", d.body.text);
    d.body.text = "{\"mine\": 1}".into();
    d.offer_body(post);
    assert_eq!(d.body.text, "{\"mine\": 1}", "what the user wrote stays");
    let mut form = Draft::from_url(Method::Post, "/{group-id}/feed");
    form.body.kind = BodyKind::Form;
    form.offer_body(post);
    assert_eq!(form.body.kind, BodyKind::Form, "a chosen form stays a form");
}

#[test]
fn repeated_names_keep_a_row_each_and_a_fragment_is_not_sent() {
    let mut d = Draft::from_url(Method::Get, "/x?ids=1&ids=2");
    d.set_url(&d.editable_line());
    assert_eq!(
        d.line(),
        "/x?ids=1&ids=2",
        "each typed ids= keeps its own row"
    );
    d.set_url("/x?ids=3");
    assert_eq!(d.line(), "/x?ids=3");
    assert_eq!(
        d.query.len(),
        2,
        "the second row is turned off, not deleted"
    );
    d.set_url("/me?fields=id#top");
    assert_eq!(d.line(), "/me?fields=id");
    d.set_url("/me#x?a=1");
    assert_eq!(d.line(), "/me", "what follows the fragment is not a query");
}

#[test]
fn a_value_ending_in_spaces_reads_back_whole() {
    let mut d = Draft::from_url(Method::Get, "/search");
    d.set_query("q", "two words  ");
    let line = d.editable_line();
    d.set_url(&line);
    assert_eq!(d.query[0].value, "two words  ", "{line}");
}
