#![no_main]
//! serve's request head reader and Host check: any bytes, no panic, and a head
//! is only accepted within the caps.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut r = data;
    if let Ok(head) = docket::app::serve::read_head(&mut r) {
        assert!(head.line.len() <= docket::app::serve::MAX_REQUEST_LINE);
        if let Some(host) = head.host {
            let local: std::net::SocketAddr = "127.0.0.1:3000".parse().expect("addr");
            let _ = docket::app::serve::host_allowed(&host, local);
        }
    }
});
