extension PageAssets {
    /// The page's behaviour: the status arrives by server-sent events (the
    /// server hears it from the daemon's `watch`), commands go out as JSON
    /// posts. The clock between two events is counted here, for display only.
    static let javascript = #"""
        "use strict";
        const $ = (id) => document.getElementById(id);
        let last = null, lastAt = 0, axis = { start: 0.05, length: 0.9 };
        // The plan's length and how far the session was when it was fetched (its own clock, as the picture's).
        let planEnd = 0, planElapsed = null, planAt = 0;

        function clock(seconds) {
          seconds = Math.max(0, Math.round(seconds));
          const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
          const mm = String(m).padStart(h ? 2 : 1, "0"), ss = String(s).padStart(2, "0");
          return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
        }

        function when(text) {
          if (!text) return "nothing scheduled";
          const date = new Date(text);
          if (isNaN(date)) return text;
          return date.toLocaleString([], { weekday: "long", hour: "2-digit", minute: "2-digit" });
        }

        function showError(message) {
          const box = $("error");
          box.textContent = message || "";
          box.hidden = !message;
        }

        async function call(path, options) {
          const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
          let body = {};
          try { body = await response.json(); } catch (e) { body = { ok: false, error: `HTTP ${response.status}` }; }
          if (response.status === 401) showError("This page needs its token: open the address winddown-web printed again.");
          return body;
        }

        async function command(name, args) {
          const body = await call(`/api/${name}`, {
            method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(args || {}) });
          showError(body.ok ? "" : body.error);
          return body;
        }

        function live(status) { return status && ["running", "holding", "paused", "stopping"].includes(status.state); }

        function render() {
          const s = last;
          if (!s) return;
          const running = live(s);
          const moving = s.state === "running";
          const passed = moving ? (Date.now() - lastAt) / 1000 : 0;
          $("state").textContent = s.state;
          $("step").textContent = s.step ? `${s.step.index} / ${s.step.count} · ${s.step.title}` : (running ? "sleep sounds fading" : "");
          if (running && typeof s.remaining_s === "number") {
            const left = Math.max(0, s.remaining_s - passed), done = (s.elapsed_s || 0) + passed;
            $("left").textContent = `${clock(left)} left`;
            $("progress").style.width = `${Math.min(100, 100 * done / Math.max(1, done + left))}%`;
          } else {
            $("left").textContent = "";
            $("progress").style.width = "0";
          }
          $("start").disabled = running;
          for (const id of ["stop", "hold", "skip", "extend"]) {
            const button = document.querySelector(`[data-command="${id}"]`);
            button.disabled = !running;
          }
          const pause = $("pause");
          pause.disabled = !running;
          const resumes = s.state === "paused" || s.state === "holding";
          pause.textContent = resumes ? "Resume" : "Pause";
          pause.dataset.command = resumes ? "resume" : "pause";
          const volume = $("volume");
          if (document.activeElement !== volume) volume.value = s.volume;
          $("volume-value").textContent = `${volume.value} %`;
          $("next").textContent = s.schedule === false ? "schedule off" : when(s.next_run);
          $("schedule").checked = s.schedule !== false;
          const now = $("now");
          if (running && planEnd > 0 && planElapsed !== null) {
            const elapsed = planElapsed + (moving ? (Date.now() - planAt) / 1000 : 0);
            now.style.left = `${100 * (axis.start + Math.min(elapsed, planEnd) / planEnd * axis.length)}%`;
            now.hidden = false;
          } else {
            now.hidden = true;
          }
        }

        // While idle the plan is of the session Start would begin: the chosen routine and length.
        function planQuery() {
          if (live(last)) return "";
          const routine = $("routine").value, duration = $("duration").value;
          return routine && duration ? `?routine=${encodeURIComponent(routine)}&duration=${encodeURIComponent(duration)}` : "";
        }

        // Answers may come back out of order: only the newest request's counts.
        let planRequests = 0, pictureWanted = false;
        async function loadPlan(picture) {
          const query = planQuery();
          const request = ++planRequests;
          pictureWanted = pictureWanted || picture;
          const plan = await call(`/api/plan${query}`);
          if (request !== planRequests) return;
          if (!plan.ok) { planEnd = 0; return; }
          planEnd = plan.end_s;
          planElapsed = typeof plan.elapsed_s === "number" ? plan.elapsed_s : null;
          planAt = Date.now();
          if (pictureWanted) $("plan").src = `/api/plan.svg${query}${query ? "&" : "?"}at=${Date.now()}`;
          pictureWanted = false;
        }

        async function loadHistory() {
          const body = await call("/api/history?n=7");
          const list = $("history");
          list.replaceChildren();
          $("streak").textContent = body.ok ? body.streak_text : "";
          for (const session of (body.sessions || [])) {
            const item = document.createElement("li");
            const day = document.createElement("span");
            day.textContent = `${when(session.started)} · ${session.routine}`;
            const outcome = document.createElement("span");
            outcome.textContent = session.outcome;
            item.append(day, outcome);
            list.append(item);
          }
        }

        function listen() {
          const events = new EventSource("/api/events");
          events.addEventListener("status", (event) => {
            const status = JSON.parse(event.data);
            const changed = !last || live(last) !== live(status) || last.routine !== status.routine;
            last = status;
            lastAt = Date.now();
            $("link").textContent = "connected";
            if (changed) loadHistory();
            // Every change may move the session on the plan (a skip, a hold): the marker follows; the picture only when the plan is another.
            if (changed || live(status)) loadPlan(changed);
            render();
          });
          events.addEventListener("down", (event) => {
            $("link").textContent = `${JSON.parse(event.data).error}; retrying…`;
          });
          events.onerror = () => { $("link").textContent = "winddown-web is not reachable; retrying…"; };
        }

        async function loadOptions() {
          const options = await call("/api/options");
          if (!options.ok) return;
          const routine = $("routine"), duration = $("duration");
          for (const name of options.routines) routine.add(new Option(name, name, false, name === options.routine));
          for (const minutes of options.durations_min) {
            duration.add(new Option(`${minutes} min`, `${minutes}m`, false, minutes === options.duration_min));
          }
          $("volume").max = options.max_volume;
          axis = options.plan_axis;
          $("volume-cap").textContent = `at most ${options.max_volume} % (audio.max_volume)`;
        }

        document.addEventListener("click", async (event) => {
          const button = event.target.closest("button[data-command]");
          if (!button) return;
          const name = button.dataset.command;
          let args = {};
          if (name === "start") args = { routine: $("routine").value, duration: $("duration").value };
          if (name === "extend") args = { duration: "10m" };
          button.disabled = true;
          await command(name, args);
          button.disabled = false;
          render();
        });
        $("volume").addEventListener("input", () => { $("volume-value").textContent = `${$("volume").value} %`; });
        $("volume").addEventListener("change", () => command("volume", { volume: Number($("volume").value) }));
        $("schedule").addEventListener("change", (event) => command("schedule", { enabled: event.target.checked }));
        for (const id of ["routine", "duration"]) $(id).addEventListener("change", () => { if (!live(last)) loadPlan(true); });
        // Without the options the page still follows the daemon.
        loadOptions().catch(() => {}).then(listen);
        setInterval(render, 1000);

        """#
}
