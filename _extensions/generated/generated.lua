-- {{< generated build/provenance.md >}}: the Markdown file that the pre-render step (`dps run`)
-- wrote, read when the document is rendered. Quarto expands `include` while it scans the
-- project, before pre-render runs, so an include would show the previous build (or fail on a
-- fresh clone); a shortcode runs after. The path is relative to the project root.
return {
  ["generated"] = function(args)
    local relative = pandoc.utils.stringify(args[1])
    local path = pandoc.path.join({ quarto.project.directory, relative })
    local file = io.open(path, "r")
    if file == nil then
      error("generated Markdown not found: " .. path .. " (run `dps run` first)")
    end
    local text = file:read("a")
    file:close()
    return pandoc.read(text, "markdown", PANDOC_READER_OPTIONS).blocks
  end
}
