//! Headless Chromium for digest tests: measures a digest laid out at a given width (horizontal
//! overflow, elements that escaped escaping) and takes screenshots.
//!
//! Headless Chromium will not make a window narrower than 500 px, so the measurement lays the
//! digest out in an iframe of exactly the width asked (`srcdoc`, same origin as the harness page,
//! so the harness script can read it) and writes what it found into the DOM that `--dump-dom`
//! prints. Screenshots use the window itself, which may be narrower.
//!
//! Without `/usr/bin/chromium` or a CJK font the checks are skipped with a note, except under
//! CI (`CI` set), where `.ci/run` installs both and a missing one is a failure.

pub mod mixed;

use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, when it and a Chinese font are installed; `None` (with a note) otherwise.
pub fn chromium() -> Option<PathBuf> {
    let fonts = Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    let found = Path::new(CHROMIUM).exists() && fonts;
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {CHROMIUM} and a CJK font: apt-get install chromium fonts-noto-cjk (.ci/run does)"
        );
        eprintln!(
            "note: {CHROMIUM} or a CJK font missing; skipping (apt-get install chromium fonts-noto-cjk)"
        );
    }
    found.then(|| PathBuf::from(CHROMIUM))
}

/// What Chromium found in a digest laid out `width` px wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub width: u32,
    /// The document's scroll width: wider than `width` means a horizontal scroll bar.
    pub scroll_width: u32,
    /// The right edge of the rightmost element.
    pub rightmost: u32,
    /// `script`, `img`, `iframe`, `object` and `embed` elements and `on*` attributes in the
    /// digest's DOM: none may come from scraped text.
    pub active: u32,
}

/// Chromium with the flags every run needs, stopped by coreutils' `timeout` if it hangs.
fn base_args(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new("timeout");
    command
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Lays `html` out `width` px wide and measures it.
pub fn measure(chromium: &Path, dir: &Path, html: &str, width: u32) -> Layout {
    let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
    let harness = format!(
        r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:{width}px;height:900px;border:0" srcdoc="{srcdoc}"></iframe>
<script>
window.addEventListener("load", function () {{
  var d = document.getElementById("f").contentDocument, right = 0, active = 0;
  d.querySelectorAll("*").forEach(function (e) {{
    right = Math.max(right, e.getBoundingClientRect().right);
    for (var i = 0; i < e.attributes.length; i++) {{
      if (/^on/i.test(e.attributes[i].name)) active++;
    }}
  }});
  active += d.querySelectorAll("script,img,iframe,object,embed").length;
  var out = document.createElement("pre");
  out.id = "result";
  out.textContent = d.documentElement.scrollWidth + " " + Math.ceil(right) + " " + active;
  document.body.appendChild(out);
}});
</script></body></html>"#
    );
    let page = dir.join(format!("measure-{width}.html"));
    std::fs::write(&page, harness).unwrap();
    let output = base_args(chromium, &dir.join(format!("profile-m{width}")))
        .arg("--window-size=1400,1000")
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let result = dom
        .split("<pre id=\"result\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "chromium printed no measurement: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let numbers: Vec<u32> = result.split(' ').map(|n| n.parse().unwrap()).collect();
    Layout {
        width,
        scroll_width: numbers[0],
        rightmost: numbers[1],
        active: numbers[2],
    }
}

/// A `width` x `height` screenshot of `html`'s top, as PNG bytes (checked to be that size).
pub fn screenshot(chromium: &Path, dir: &Path, html: &str, width: u32, height: u32) -> Vec<u8> {
    let page = dir.join(format!("shot-{width}.html"));
    std::fs::write(&page, html).unwrap();
    let png = dir.join(format!("shot-{width}.png"));
    let output = base_args(chromium, &dir.join(format!("profile-s{width}")))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let bytes = std::fs::read(&png).unwrap_or_else(|e| {
        panic!(
            "chromium wrote no screenshot ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (width, height));
    assert!(
        bytes.len() > 20_000,
        "a blank page compresses to almost nothing: {} bytes",
        bytes.len()
    );
    bytes
}
