extension PageAssets {
    /// Near-black background, amber and brown text: nothing white or blue
    /// that would light up a dark room or wake the eyes.
    static let css = """
        :root { --bg: #0d0806; --card: #1a100a; --line: #3a2616; --text: #c9a27e; --quiet: #8a6a4e;
          --accent: #b8692e; --accent-text: #1a0d05; --warn: #c0603a; }
        * { box-sizing: border-box; }
        html, body { margin: 0; background: var(--bg); color: var(--text);
          font: 18px/1.4 system-ui, sans-serif; }
        main { max-width: 34rem; margin: 0 auto; padding: 0.75rem; }
        header { display: flex; justify-content: space-between; align-items: baseline; }
        h1 { font-size: 1.3rem; font-weight: 500; margin: 0.25rem 0; color: var(--quiet); }
        h2 { font-size: 1rem; font-weight: 500; margin: 0 0 0.5rem; color: var(--quiet); }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 14px;
          padding: 0.9rem; margin: 0.75rem 0; }
        .state { font-size: 2rem; margin: 0; text-transform: capitalize; }
        .step { font-size: 1.15rem; margin: 0.25rem 0; min-height: 1.4em; }
        .left { font-size: 1.5rem; margin: 0.25rem 0 0.6rem; font-variant-numeric: tabular-nums; }
        .bar { height: 14px; background: #24160d; border-radius: 7px; overflow: hidden; }
        .fill { height: 100%; width: 0; background: var(--accent); transition: width 1s linear; }
        .quiet { color: var(--quiet); margin: 0.25rem 0; }
        .row { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: center; margin-bottom: 0.6rem; }
        label { color: var(--text); }
        select, button, input { font: inherit; color: var(--text); }
        select { background: #24160d; border: 1px solid var(--line); border-radius: 10px; padding: 0.55rem;
          margin-left: 0.3rem; min-height: 3rem; }
        button.big { min-height: 4rem; width: 100%; border-radius: 12px; border: 1px solid var(--line);
          background: #2a180c; font-size: 1.25rem; cursor: pointer; }
        button.big:active { background: #3a220f; }
        button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
        button:disabled { opacity: 0.4; }
        .controls { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem; }
        .controls .wide { grid-column: span 2; }
        input[type=range] { width: 100%; height: 3rem; background: transparent; -webkit-appearance: none; appearance: none; }
        input[type=range]::-webkit-slider-runnable-track { height: 10px; border-radius: 5px; background: #3a2616; }
        input[type=range]::-moz-range-track { height: 10px; border-radius: 5px; background: #3a2616; }
        input[type=range]::-webkit-slider-thumb { -webkit-appearance: none; width: 2.2rem; height: 2.2rem; margin-top: -0.8rem;
          border-radius: 50%; background: var(--accent); border: 0; }
        input[type=range]::-moz-range-thumb { width: 2.2rem; height: 2.2rem; border-radius: 50%; background: var(--accent); border: 0; }
        .switch { display: flex; align-items: center; gap: 0.5rem; min-height: 3rem; }
        .switch input { width: 1.8rem; height: 1.8rem; accent-color: var(--accent); }
        .plan { position: relative; }
        .plan img { width: 100%; display: block; border-radius: 8px; background: #120c08; min-height: 4rem; }
        .now { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--warn); }
        ul { list-style: none; margin: 0; padding: 0; }
        li { padding: 0.35rem 0; border-top: 1px solid var(--line); display: flex; justify-content: space-between; gap: 0.5rem; }
        .error { color: var(--warn); }
        a { color: var(--accent); }
        :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

        """
}
