use connedit::core::Kind;
use connedit::core::derived::SampleOrg;
use connedit::core::fields::strategies::{OptionKind, names, option_rows};
use connedit::tui::rows::{meaning, strategy_rows, value_text};
use serde_json::{Value, json};
use std::collections::HashSet;

const S: &str = "TOPSECRETVALUE";

#[test]
fn nested_secret_in_map_rows() {
    let sample = SampleOrg::default();
    let mut leaks = Vec::new();
    for st in names() {
        for o in option_rows(st) {
            if !matches!(o.kind, OptionKind::Map) {
                continue;
            }
            // build options with the map at o.path holding an object with a secret and a PEM
            let mut doc = json!({"name":"c","strategy":st,"options":{}});
            let ptr = format!("/options{}", o.path);
            let map = json!({"entry": {"client_secret": S, "password": S}, "pem": format!("-----BEGIN PRIVATE KEY-----{S}"), "list": [ {"secret": S} ]});
            connedit::core::merge::set_at(&mut doc, &ptr, Some(map));
            let rows = strategy_rows(&doc, &HashSet::new(), None);
            for r in &rows {
                let t = value_text(r, &doc, &sample);
                let m = meaning(r, Kind::Connection, &doc, &sample);
                if t.contains(S) || m.contains(S) || r.label.contains(S) {
                    leaks.push(format!("{st} {ptr} row {:?}: {t}", r.label));
                }
            }
        }
    }
    // metadata too
    let doc = json!({"name":"c","strategy":"google-oauth2","options":{}});
    let rows = strategy_rows(&doc, &HashSet::new(), None);
    for r in &rows {
        let t = value_text(r, &doc, &sample);
        if t.contains(S) {
            leaks.push(format!("metadata {:?} {t}", r.label));
        }
    }
    eprintln!("{} leaks", leaks.len());
    for l in leaks.iter().take(30) {
        eprintln!("{l}");
    }
    assert!(leaks.is_empty());
}
