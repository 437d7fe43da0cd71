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
    local blocks = pandoc.read(text, "markdown", PANDOC_READER_OPTIONS).blocks
    -- Quarto's content-visible filter has already run: apply `when-format` here (the changes
    -- appendix keeps its detail for the HTML only).
    return pandoc.Div(blocks):walk({
      Div = function(div)
        local only = div.attributes["when-format"]
        if div.classes:includes("content-visible") and only ~= nil then
          if quarto.doc.is_format(only) then return div.content end
          return {}
        end
      end
    }).content
  end
}
