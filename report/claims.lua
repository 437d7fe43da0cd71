-- Guarded claims, `[texte]{.claim when="condition"}` (see src/digital_public_services/paper/claims.py):
-- `dps run` judges each condition against the values into build/claims.json. A claim the
-- data support prints as plain text; one they do not support, or that no run has judged, is
-- marked in bold for the authors: `dps check` reports it and `dps release` refuses.
local verdicts = nil

local function load()
  local path = pandoc.path.join({ quarto.project.directory, "build", "claims.json" })
  local file = io.open(path, "r")
  if file == nil then return {} end
  local text = file:read("a")
  file:close()
  return pandoc.json.decode(text)
end

function Span(span)
  if not span.classes:includes("claim") then return nil end
  verdicts = verdicts or load()
  if verdicts[span.attributes["when"]] == true then return span.content end
  local marked = pandoc.List({ pandoc.Strong(pandoc.Inlines("[Affirmation non vérifiée]")),
                               pandoc.Space() })
  marked:extend(span.content)
  return pandoc.Span(marked, pandoc.Attr("", { "claim-false" }))
end
