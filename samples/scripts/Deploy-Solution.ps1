#Requires -Modules Microsoft.Xrm.Tooling.CrmConnector.PowerShell
param(
    [Parameter(Mandatory = $true)][string]$ServerUrl,
    [Parameter(Mandatory = $true)][pscredential]$Credential
)

Import-Module Microsoft.Xrm.Tooling.CrmConnector.PowerShell

$conn = Get-CrmConnection -ServerUrl $ServerUrl -Credential $Credential -OrganizationName contoso
Write-Host "Connected to $($conn.ConnectedOrgFriendlyName)"
