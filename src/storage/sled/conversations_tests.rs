use super::*;

#[test]
fn a_second_open_of_the_same_data_dir_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SledStore::open(dir.path()).unwrap();
    let err = SledStore::open(dir.path()).err().expect("the second open is refused").to_string();
    assert!(err.contains("in use by another kefu process"), "{err}");
}

#[test]
fn an_unknown_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = ::sled::open(dir.path().join("kefu.sled")).unwrap();
        db.open_tree("meta").unwrap().insert("format_version", &99u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = SledStore::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains("format version 99"), "{err}");
}
