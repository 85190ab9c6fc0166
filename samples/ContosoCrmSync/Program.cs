using System;
using System.Configuration;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Microsoft.Xrm.Tooling.Connector;

namespace Contoso.CrmSync
{
    internal class Program
    {
        private static void Main(string[] args)
        {
            var connectionString = ConfigurationManager.ConnectionStrings["Crm"].ConnectionString;
            var client = new CrmServiceClient(connectionString);
            if (!client.IsReady)
            {
                Console.Error.WriteLine("Could not connect: " + client.LastCrmError);
                return;
            }

            var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
            foreach (var account in client.RetrieveMultiple(query).Entities)
            {
                Console.WriteLine(account.GetAttributeValue<string>("name"));
            }
        }
    }
}
