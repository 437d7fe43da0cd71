-- Wide tables scroll sideways inside their output box (Quarto styles every
-- `.cell-output-display` with `overflow-x: auto`). A box that scrolls must be reachable by
-- keyboard (WCAG 2.1.1, axe rule `scrollable-region-focusable`), so boxes holding a table
-- join the tab order; boxes holding a figure, which never scroll, do not.

local function holds_table(div)
  local found = false
  div:walk({
    Table = function() found = true end,
    RawBlock = function(raw)
      if raw.format == "html" and raw.text:find("<table", 1, true) then found = true end
    end,
  })
  return found
end

function Div(div)
  if quarto.doc.is_format("html") and div.classes:includes("cell-output-display")
      and holds_table(div) then
    div.attributes.tabindex = "0"
    return div
  end
end
