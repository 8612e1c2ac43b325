-- kms-policy-ls for Neovim without any plugin.
--
-- Works from Neovim 0.7 on: it uses vim.lsp.start when the running Neovim has
-- it (0.8+) and falls back to vim.lsp.start_client + buf_attach_client on 0.7.
-- Usage (init.lua):
--
--   require('kms_policy_ls').setup({
--     settings = { policyKind = 'auto', account = '111122223333' },
--   })
--
-- The server is started for every json/jsonc buffer, and for YAML and
-- Terraform buffers (CloudFormation templates and Terraform files hold
-- policies); it stays silent on files that hold no policy, so package.json,
-- docker-compose.yml and friends are left alone.
local M = {}

M.defaults = {
  name = 'kms_policy_ls',
  cmd = { 'kms-policy-ls', 'serve' },
  filetypes = { 'json', 'jsonc', 'yaml', 'terraform', 'hcl' },
  -- Policies usually live in a repository; .git marks the workspace root.
  -- Without any marker the file's own directory is the root.
  root_markers = { '.git', '.hg', 'cdk.json', 'terraform.tf', 'main.tf' },
  -- The `kmsPolicy` section: policyKind, account, disabledRules, severity, fileGlobs.
  settings = {},
}

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

-- root_dir walks up from the buffer's directory to the first directory that
-- holds one of the markers. Written by hand because vim.fs only exists from 0.8.
function M.root_dir(bufname, markers)
  local dir = vim.fn.fnamemodify(bufname, ':p:h')
  local start = dir
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

-- client_config is the table given to vim.lsp.start / start_client. The
-- settings go both ways the server reads them: initializationOptions at
-- start, and workspace/didChangeConfiguration (Neovim sends `settings`).
function M.client_config(opts, root)
  local section = { kmsPolicy = opts.settings }
  return {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = root,
    init_options = section,
    settings = section,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
  }
end

-- Neovim 0.7 has no vim.lsp.start: keep one client per root ourselves.
local clients_by_root = {}

local function start_legacy(config, bufnr)
  local id = clients_by_root[config.root_dir]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- attach starts (or reuses) the client for a buffer and returns its id.
function M.attach(bufnr, opts)
  opts = opts or M.options or M.defaults
  local bufname = vim.api.nvim_buf_get_name(bufnr)
  if bufname == '' then
    return nil
  end
  local config = M.client_config(opts, M.root_dir(bufname, opts.root_markers))
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  return start_legacy(config, bufnr)
end

function M.setup(user)
  M.options = vim.tbl_deep_extend('force', {}, M.defaults, user or {})
  local group = vim.api.nvim_create_augroup('kms_policy_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.attach(args.buf, M.options)
    end,
  })
end

return M
