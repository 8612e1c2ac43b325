-- Neovim 0.11+: vim.lsp.config reads lsp/<name>.lua files from the runtimepath.
-- Copy this file to ~/.config/nvim/lsp/kms_policy_ls.lua (or put editors/nvim
-- on the runtimepath), then call vim.lsp.enable('kms_policy_ls') in init.lua.
-- Adjust the settings with vim.lsp.config('kms_policy_ls', { settings = ... }).
local settings = {
  kmsPolicy = {
    policyKind = 'auto', -- auto | key | iam
    -- account = '111122223333',
    disabledRules = {},
    severity = {}, -- e.g. { ['unknown-action'] = 'warning' }
    fileGlobs = { '**/*key-policy*.json', '**/*.policy.json' },
  },
}

return {
  cmd = { 'kms-policy-ls', 'serve' },
  filetypes = { 'json', 'jsonc', 'yaml', 'terraform', 'hcl' },
  root_markers = { '.git', '.hg', 'cdk.json', 'main.tf' },
  init_options = settings,
  settings = settings,
}
