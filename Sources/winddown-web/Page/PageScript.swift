extension PageAssets {
    /// The page's behaviour: the status arrives by server-sent events (the
    /// server hears it from the daemon's `watch`), commands go out as JSON
    /// posts. The clock between two events is counted here, for display only.
    static let javascript = #"""
        "use strict";
        const $ = (id) => document.getElementById(id);
        let last = null, lastAt = 0, planEnd = 0, axis = { start: 0.05, length: 0.9 };

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
          if (running && planEnd > 0) {
            const elapsed = (s.elapsed_s || 0) + passed;
            now.style.left = `${100 * (axis.start + Math.min(elapsed, planEnd) / planEnd * axis.length)}%`;
            now.hidden = false;
          } else {
            now.hidden = true;
          }
        }

        async function loadPlan() {
          const plan = await call("/api/plan");
          if (!plan.ok) { planEnd = 0; return; }
          planEnd = plan.end_s;
          $("plan").src = `/api/plan.svg?at=${Date.now()}`;
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
            if (changed) { loadPlan(); loadHistory(); }
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
        loadOptions().then(listen);
        setInterval(render, 1000);

        """#
}
