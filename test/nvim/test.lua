-- Headless Neovim (0.7+, built-in LSP client, no plugins) against `tls-readiness lsp --stdio`, run by nvim.test.ts:
--   DTLS_CLI=dist/cli.js DTLS_WS=<copy of samples> DTLS_OUT=<result.json> nvim --headless --clean -u test/nvim/test.lua
-- It attaches the server, waits for diagnostics, applies quick fixes with Neovim's own apply_workspace_edit and saves,
-- hovers, and runs the docs command; everything it sees goes to DTLS_OUT as JSON for the Node test to judge.
local cli, ws, out = os.getenv('DTLS_CLI'), os.getenv('DTLS_WS'), os.getenv('DTLS_OUT')
local result = { steps = {}, messages = {} }

local function step(name, value) result.steps[name] = value end

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'dynamics-tls',
    cmd = { 'node', cli, 'lsp', '--stdio' },
    root_dir = ws,
    workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'samples' } },
    handlers = {
      ['window/showMessage'] = function(_, params) table.insert(result.messages, params.message) end,
    },
  })
  assert(client_id, 'the client did not start')
  local client = vim.lsp.get_client_by_id(client_id)
  step('started', true)

  -- Opens a file in a buffer attached to the server; returns the buffer once it has diagnostics.
  local function open(rel)
    vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. rel))
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client_id)
    local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    assert(ok, 'no diagnostics for ' .. rel)
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(seen, { code = code_of(d), line = d.lnum, character = d.col, severity = d.severity })
    end
    step('diagnostics:' .. rel, seen)
    return buf
  end

  -- Code actions at a position, from the server.
  local function actions(buf, line, character)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = line, character = character }, ['end'] = { line = line, character = character } },
      context = { diagnostics = {} },
    }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
    local list = {}
    for _, r in pairs(responses) do
      for _, a in ipairs(r.result or {}) do table.insert(list, a) end
    end
    return list
  end

  -- Applies the action with this title through Neovim's own apply_workspace_edit, then saves the buffer.
  local function apply_and_save(buf, line, character, title)
    for _, a in ipairs(actions(buf, line, character)) do
      if a.title == title and a.edit then
        vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding or 'utf-16')
        vim.api.nvim_buf_call(buf, function() vim.cmd('write') end)
        return true
      end
    end
    return false
  end

  local function hover(buf, line, character)
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
    for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}) do
      if r.result and r.result.contents then return r.result.contents.value end
    end
    return vim.NIL
  end

  local config = open('ContosoPortal/Web.config')
  step('hover:config', hover(config, 10, 60))
  step('fix:config', apply_and_save(config, 10, 31, 'Set Switch.System.Net.DontEnableSystemDefaultTlsVersions to false'))

  local docs
  for _, a in ipairs(actions(config, 7, 4)) do
    if a.command and a.title == 'Show documentation for TLS013' then docs = a.command end
  end
  assert(docs, 'no "Show documentation for TLS013" action')
  local answer = client.request_sync('workspace/executeCommand', docs, 10000, config)
  step('docs', answer and (answer.err and { error = answer.err.message } or answer.result) or vim.NIL)
  vim.wait(2000, function() return #result.messages > 0 end, 50)

  local reg = open('registry/EnableStrongCrypto.reg')
  step('hover:reg', hover(reg, 4, 3))
  step('fix:reg', apply_and_save(reg, 3, 0, 'Add SchUseStrongCrypto, SystemDefaultTlsVersions under HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319'))

  local script = open('scripts/Deploy-Solution.ps1')
  step('fix:script', apply_and_save(script, 8, 0, 'Add TLS 1.2 before Get-CrmConnection'))

  vim.lsp.stop_client(client_id)
  step('stopped', vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50))
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
finish()
