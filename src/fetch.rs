//! Fetching pages over HTTP. (Scaffold.)
