-- For nvim-lspconfig users (any Neovim that lspconfig supports).
-- kms-policy-ls is not (yet) one of lspconfig's bundled servers, so it is
-- registered here as a custom server, then set up like any other.
-- Put this in init.lua (or require it from there).
local lspconfig = require('lspconfig')
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.kms_policy_ls then
  configs.kms_policy_ls = {
    default_config = {
      cmd = { 'kms-policy-ls', 'serve' },
      filetypes = { 'json', 'jsonc', 'yaml', 'terraform', 'hcl' },
      root_dir = function(fname)
        return util.root_pattern('.git', '.hg', 'cdk.json', 'main.tf')(fname)
          or vim.fn.fnamemodify(fname, ':p:h')
      end,
      single_file_support = true,
      settings = {},
    },
    docs = {
      description = 'Language server for AWS KMS key policies and IAM policies.',
    },
  }
end

local settings = {
  kmsPolicy = {
    policyKind = 'auto',
    disabledRules = {},
    severity = {},
    fileGlobs = { '**/*key-policy*.json', '**/*.policy.json' },
  },
}

lspconfig.kms_policy_ls.setup({
  init_options = settings,
  settings = settings,
})
