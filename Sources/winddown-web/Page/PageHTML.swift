/// The control page: one HTML document, its style and its script, all
/// served by the binary (no framework, no CDN: some bedrooms have no
/// internet). Dark and dim warm colours only, controls large enough for a
/// thumb in the dark.
enum PageAssets {
    /// The start of every page: dark from the first paint, the icon and the style.
    static func head(_ extra: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="dark">
        <meta name="theme-color" content="#0d0806">
        <title>winddown</title>
        <link rel="icon" href="/icon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/app.css">
        \(extra)
        </head>

        """
    }

    static let html = head(#"<script src="/app.js" defer></script>"#) + """
        <body>
        <main>
          <header>
            <h1>winddown</h1>
            <p id="link" class="quiet" role="status">connecting…</p>
          </header>

          <section class="card" aria-label="Now">
            <p id="state" class="state">…</p>
            <p id="step" class="step"></p>
            <p id="left" class="left"></p>
            <div class="bar" aria-hidden="true"><div id="progress" class="fill"></div></div>
          </section>

          <section class="card" aria-label="Start">
            <div class="row">
              <label>Routine <select id="routine"></select></label>
              <label>Length <select id="duration"></select></label>
            </div>
            <button id="start" class="big primary" data-command="start">Start</button>
          </section>

          <section class="card controls" aria-label="Session">
            <button class="big" id="pause" data-command="pause">Pause</button>
            <button class="big" data-command="stop">Stop</button>
            <button class="big" data-command="hold">Hold</button>
            <button class="big" data-command="skip">Skip</button>
            <button class="big wide" data-command="extend">+10 min</button>
          </section>

          <section class="card" aria-label="Volume">
            <label for="volume">Volume <span id="volume-value"></span></label>
            <input id="volume" type="range" min="0" max="50" step="1" value="20">
            <p id="volume-cap" class="quiet"></p>
          </section>

          <section class="card" aria-label="Schedule">
            <p>Next: <span id="next">…</span></p>
            <div class="row">
              <button class="big" data-command="snooze">Snooze tonight</button>
              <label class="switch"><input id="schedule" type="checkbox"> Nightly schedule</label>
            </div>
          </section>

          <section class="card" aria-label="Tonight's plan">
            <h2>Tonight's plan</h2>
            <div class="plan"><img id="plan" alt="The plan of the session: steps, prompts, sound and light over time"><div id="now" class="now" hidden></div></div>
          </section>

          <section class="card" aria-label="Last nights">
            <h2>Last nights</h2>
            <p id="streak" class="quiet"></p>
            <ul id="history"></ul>
          </section>

          <p id="error" class="error" role="alert" hidden></p>
        </main>
        </body>
        </html>

        """

    /// The answer to `/?token=…`: it sets the cookie and moves on to `/`.
    static let signIn = head(#"<meta http-equiv="refresh" content="0; url=/">"#) + """
        <body><main><p class="quiet">Signed in. <a href="/">Open winddown</a></p></main></body>
        </html>

        """

    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1a0f08"/>\
        <path d="M21 7a10 10 0 1 0 4 15A8 8 0 0 1 21 7z" fill="#c07a3a"/></svg>

        """
}
