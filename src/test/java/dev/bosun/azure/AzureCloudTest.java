package dev.bosun.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.support.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * The clouds' endpoints as Microsoft lists them
 * (https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud,
 * https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/azure-services-resource-providers),
 * and the input's parsing.
 */
class AzureCloudTest {

  @Test
  void eachCloudHasItsOwnAuthorityArmAcrAndPostgresScopes() {
    assertThat(AzureCloud.AZURE_CLOUD.authorityHost())
        .isEqualTo("https://login.microsoftonline.com/");
    assertThat(AzureCloud.AZURE_CLOUD.resourceManager()).isEqualTo("https://management.azure.com/");
    assertThat(AzureCloud.AZURE_CLOUD.acrScope())
        .isEqualTo("https://management.azure.com/.default");
    assertThat(AzureCloud.AZURE_CLOUD.postgresScope())
        .isEqualTo("https://ossrdbms-aad.database.windows.net/.default");

    assertThat(AzureCloud.AZURE_US_GOVERNMENT.authorityHost())
        .isEqualTo("https://login.microsoftonline.us/");
    assertThat(AzureCloud.AZURE_US_GOVERNMENT.resourceManager())
        .isEqualTo("https://management.usgovcloudapi.net/");
    assertThat(AzureCloud.AZURE_US_GOVERNMENT.acrScope())
        .isEqualTo("https://management.usgovcloudapi.net/.default");
    assertThat(AzureCloud.AZURE_US_GOVERNMENT.postgresScope())
        .isEqualTo("https://ossrdbms-aad.database.usgovcloudapi.net/.default");

    assertThat(AzureCloud.AZURE_CHINA_CLOUD.authorityHost())
        .isEqualTo("https://login.chinacloudapi.cn/");
    assertThat(AzureCloud.AZURE_CHINA_CLOUD.resourceManager())
        .isEqualTo("https://management.chinacloudapi.cn/");
    assertThat(AzureCloud.AZURE_CHINA_CLOUD.acrScope())
        .isEqualTo("https://management.chinacloudapi.cn/.default");
    assertThat(AzureCloud.AZURE_CHINA_CLOUD.postgresScope())
        .isEqualTo("https://ossrdbms-aad.database.chinacloudapi.cn/.default");
  }

  @Test
  void theInputTakesAzureLoginsNamesInAnyCaseAndDefaultsToThePublicCloud() {
    assertThat(AzureCloud.parse("AzureUSGovernment")).isEqualTo(AzureCloud.AZURE_US_GOVERNMENT);
    assertThat(AzureCloud.parse(" azurechinacloud ")).isEqualTo(AzureCloud.AZURE_CHINA_CLOUD);
    assertThat(AzureCloud.parse("")).isEqualTo(AzureCloud.AZURE_CLOUD);
    assertThatThrownBy(() -> AzureCloud.parse("AzureStack"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "Input 'azure-environment' must be one of AzureCloud, AzureUSGovernment, AzureChinaCloud (as "
                + "azure/login names them), not 'AzureStack'.");
  }

  @Test
  void aRegistryOfAnotherCloudIsRefusedAndOthersPass() {
    AzureCloud.AZURE_US_GOVERNMENT.checkRegistry("image", "acr.azurecr.us");
    AzureCloud.AZURE_CLOUD.checkRegistry("image", "ghcr.io");
    assertThatThrownBy(() -> AzureCloud.AZURE_CLOUD.checkRegistry("image", "acr.azurecr.cn"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("acr.azurecr.cn is a registry of AzureChinaCloud");
  }
}
