-- Headless end-to-end test of the plain (no plugin) Neovim config against the
-- real server. Run by editors/nvim/test/run.sh:
--   KMS_POLICY_LS=/path/to/kms-policy-ls nvim --headless -u NONE -l/-c luafile ...
-- Every wait is bounded; any failed check exits Neovim with status 1.
local server = assert(os.getenv('KMS_POLICY_LS'), 'KMS_POLICY_LS is not set')
local editors = assert(os.getenv('EDITORS_DIR'), 'EDITORS_DIR is not set')
local WAIT_MS = tonumber(os.getenv('WAIT_MS') or '20000')

local failures, passes = 0, 0
local function check(ok, what, detail)
  if ok then
    passes = passes + 1
    io.stdout:write('ok   ' .. what .. '\n')
  else
    failures = failures + 1
    io.stdout:write('FAIL ' .. what .. (detail and (': ' .. detail) or '') .. '\n')
  end
end

local function finish()
  io.stdout:write(string.format('%d passed, %d failed\n', passes, failures))
  io.stdout:flush()
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 50)
  vim.cmd(failures == 0 and passes > 0 and 'qall!' or 'cquit 1')
end

-- A private workspace: a copy of the fixture under a directory holding .git,
-- so the root marker search has something to find.
local ws = vim.fn.tempname()
vim.fn.mkdir(ws .. '/.git', 'p')
vim.fn.mkdir(ws .. '/policies', 'p')
local policy_path = ws .. '/policies/app-key-policy.json'
vim.fn.writefile(vim.fn.readfile(editors .. '/testdata/app-key-policy.json'), policy_path)

vim.opt.runtimepath:prepend(editors .. '/nvim')
vim.cmd('filetype on')
require('kms_policy_ls').setup({ cmd = { server, 'serve' } })

-- The other two shipped configs need Neovim 0.11 / nvim-lspconfig, which are
-- not here: check that they compile, and that the 0.11 one (a plain table)
-- starts the same command for the same filetypes.
local ok, err = pcall(function()
  local spec = dofile(editors .. '/nvim/lsp/kms_policy_ls.lua')
  check(spec.cmd[1] == 'kms-policy-ls' and spec.cmd[2] == 'serve', 'lsp/kms_policy_ls.lua cmd', vim.inspect(spec.cmd))
  check(vim.tbl_contains(spec.filetypes, 'json') and vim.tbl_contains(spec.filetypes, 'jsonc'),
    'lsp/kms_policy_ls.lua filetypes', vim.inspect(spec.filetypes))
  check(vim.tbl_contains(spec.root_markers, '.git'), 'lsp/kms_policy_ls.lua root markers')
  check(spec.init_options.kmsPolicy.policyKind == 'auto', 'lsp/kms_policy_ls.lua kmsPolicy settings')
  local chunk, perr = loadfile(editors .. '/nvim/lspconfig.lua')
  check(chunk ~= nil, 'lspconfig.lua compiles', perr)
end)
if not ok then
  check(false, 'shipped configs load', tostring(err))
end

ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(policy_path))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'json', 'filetype is json', vim.bo[bufnr].filetype)

  local attached = vim.wait(WAIT_MS, function()
    return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
  end, 50)
  check(attached, 'client attached to the policy buffer')
  local _, client = next(vim.lsp.buf_get_clients(bufnr))
  if not client then
    error('no client: is the server starting? ' .. server)
  end
  check(client.name == 'kms_policy_ls', 'client name', client.name)
  check(client.config.root_dir == ws, 'root_dir found by .git marker', client.config.root_dir)

  -- Diagnostics: the typo kms:Decrpyt is reported as unknown-action on its line.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local typo_line, typo_col
  local good_line, good_col
  for i, l in ipairs(lines) do
    local s = l:find('kms:Decrpyt', 1, true)
    if s then
      typo_line, typo_col = i - 1, s - 1
    end
    local g = l:find('"kms:Decrypt"', 1, true)
    if g then
      good_line, good_col = i - 1, g -- column of the k (after the quote)
    end
  end
  assert(typo_line and good_line, 'fixture lost its actions')

  local function unknown_action()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'unknown-action' and d.source == 'kms-policy-ls' then
        return d
      end
    end
  end
  vim.wait(WAIT_MS, function()
    return unknown_action() ~= nil
  end, 50)
  local d = unknown_action()
  check(d ~= nil, 'unknown-action diagnostic published',
    vim.inspect(vim.tbl_map(function(x) return { x.code, x.message } end, vim.diagnostic.get(bufnr))))
  if d then
    check(d.lnum == typo_line, 'diagnostic on the kms:Decrpyt line', tostring(d.lnum))
    check(d.col <= typo_col + 1 and (d.end_col or d.col) >= typo_col, 'diagnostic range covers the action',
      string.format('%d-%s vs %d', d.col, tostring(d.end_col), typo_col))
    check(d.message:find('Decrpyt', 1, true) ~= nil, 'message names the unknown action', d.message)
    check(d.severity == vim.diagnostic.severity.ERROR or d.severity == vim.diagnostic.severity.WARN,
      'severity is error or warning', tostring(d.severity))
  end
  local others = 0
  for _, x in ipairs(vim.diagnostic.get(bufnr)) do
    if x.lnum == good_line and x.code == 'unknown-action' then
      others = others + 1
    end
  end
  check(others == 0, 'valid kms:Decrypt is not flagged')

  -- Completion inside the Action string, right after `"kms:`.
  local uri = vim.uri_from_bufnr(bufnr)
  local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = typo_line, character = typo_col + 4 },
  }, WAIT_MS)
  local items = {}
  for _, r in pairs(resp or {}) do
    local result = r.result or {}
    for _, it in ipairs(result.items or result) do
      table.insert(items, it)
    end
  end
  local function offers(action)
    for _, it in ipairs(items) do
      local texts = { it.label, it.insertText, it.filterText, it.textEdit and it.textEdit.newText }
      for _, t in pairs(texts) do
        if type(t) == 'string' and t:find(action, 1, true) then
          return true
        end
      end
    end
    return false
  end
  check(#items > 0, 'completion returns items', vim.inspect(resp))
  -- kms:Decrypt is already in the array, so ask for actions that are not.
  check(offers('kms:GenerateDataKey'), 'completion offers kms:GenerateDataKey',
    table.concat(vim.tbl_map(function(it) return it.label end, items), ', '):sub(1, 400))
  check(offers('kms:Encrypt'), 'completion offers kms:Encrypt')

  -- The list carries no documentation: an editor asks for it with
  -- completionItem/resolve when an item is selected, sending the item back.
  local picked
  for _, it in ipairs(items) do
    if it.label == 'kms:GenerateDataKey' then
      picked = it
    end
  end
  check(picked ~= nil and picked.documentation == nil, 'the list item carries no documentation',
    picked and vim.inspect(picked.documentation))
  if picked then
    resp = vim.lsp.buf_request_sync(bufnr, 'completionItem/resolve', picked, WAIT_MS)
    local resolved
    for _, r in pairs(resp or {}) do
      resolved = r.result
    end
    local doc = resolved and resolved.documentation
    local text = type(doc) == 'table' and doc.value or doc
    check(type(text) == 'string' and text:find('kms:GenerateDataKey', 1, true) ~= nil,
      'completionItem/resolve gives the documentation', vim.inspect(resolved):sub(1, 300))
    check(resolved and resolved.label == picked.label and resolved.textEdit ~= nil,
      'the resolved item keeps its label and edit', vim.inspect(resolved):sub(1, 300))
  end

  -- Hover on the valid action.
  resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = good_line, character = good_col + 5 },
  }, WAIT_MS)
  local hover = ''
  for _, r in pairs(resp or {}) do
    local c = r.result and r.result.contents
    if type(c) == 'table' then
      hover = hover .. (c.value or table.concat(vim.tbl_map(function(x) return type(x) == 'table' and x.value or x end, c), '\n'))
    elseif type(c) == 'string' then
      hover = hover .. c
    end
  end
  check(hover:find('Decrypt', 1, true) ~= nil, 'hover names kms:Decrypt', hover:sub(1, 300))
  check(hover:lower():find('key policy', 1, true) ~= nil, 'hover mentions Key policy', hover:sub(1, 300))
  check(hover:lower():find('cross%-account') ~= nil, 'hover mentions Cross-account', hover:sub(1, 300))

  -- A settings change reaches the running server: disabling the rule
  -- removes the finding without a restart.
  client.notify('workspace/didChangeConfiguration', {
    settings = { kmsPolicy = { disabledRules = { 'unknown-action' } } },
  })
  local gone = vim.wait(WAIT_MS, function()
    return unknown_action() == nil
  end, 50)
  check(gone, 'disabledRules via didChangeConfiguration removes unknown-action')
end)
if not ok then
  check(false, 'test raised an error', tostring(err))
end
finish()
