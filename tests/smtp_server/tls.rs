//! Certificates for the TLS tests, made fresh for each test: a CA, and a
//! server certificate it signs for `localhost` and 127.0.0.1, written as PEM
//! files the SMTP server (and `[smtp].ca_file`) read.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::path::{Path, PathBuf};

/// PEM files of a test CA and a server certificate it signed.
pub struct TestPki {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    server_der: CertificateDer<'static>,
    key_der: PrivateKeyDer<'static>,
}

impl TestPki {
    /// Writes `ca.pem`, `server.pem` and `server.key` into `dir`.
    pub fn create(dir: &Path, name: &str) -> TestPki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, format!("{name} test CA"));
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let server = CertificateParams::new(names)
            .unwrap()
            .signed_by(&server_key, &Issuer::from_params(&ca_params, &ca_key))
            .unwrap();
        let write = |file: &str, text: String| {
            let path = dir.join(format!("{name}-{file}"));
            std::fs::write(&path, text).unwrap();
            path
        };
        TestPki {
            ca: write("ca.pem", ca.pem()),
            cert: write("server.pem", server.pem()),
            key: write("server.key", server_key.serialize_pem()),
            server_der: server.der().clone(),
            key_der: PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
        }
    }

    /// A rustls server configuration presenting the server certificate.
    pub fn server_config(&self) -> rustls::ServerConfig {
        rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![self.server_der.clone()], self.key_der.clone_key())
            .expect("a usable certificate and key")
    }
}
