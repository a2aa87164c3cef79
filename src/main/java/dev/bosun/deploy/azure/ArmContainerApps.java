package dev.bosun.deploy.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.appcontainers.ContainerAppsApiManager;
import com.azure.resourcemanager.appcontainers.fluent.ContainerAppsApiClient;
import com.azure.resourcemanager.appcontainers.fluent.models.ContainerAppInner;
import com.azure.resourcemanager.appcontainers.fluent.models.JobExecutionBaseInner;
import com.azure.resourcemanager.appcontainers.fluent.models.JobExecutionInner;
import com.azure.resourcemanager.appcontainers.fluent.models.JobInner;
import com.azure.resourcemanager.appcontainers.fluent.models.RevisionInner;
import com.azure.resourcemanager.appcontainers.models.Configuration;
import com.azure.resourcemanager.appcontainers.models.Ingress;
import com.azure.resourcemanager.appcontainers.models.JobExecutionContainer;
import com.azure.resourcemanager.appcontainers.models.JobExecutionTemplate;
import com.azure.resourcemanager.appcontainers.models.Template;
import com.azure.resourcemanager.appcontainers.models.TrafficWeight;
import dev.bosun.support.OutsideSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link ContainerApps} on azure-resourcemanager-appcontainers. Updates are JSON merge patches that
 * carry only what changes (the whole template, or the ingress), so secrets, registries and scale
 * rules stay as they are.
 */
public final class ArmContainerApps implements ContainerApps {

  private final Supplier<TokenCredential> credential;
  private final AzureSettings settings;
  private final String tenantId;
  private final Map<String, ContainerAppsApiClient> clients = new ConcurrentHashMap<>();

  /**
   * {@code credential} is asked for only when ARM is first called, so a plan without Azure access
   * still parses.
   */
  public ArmContainerApps(
      Supplier<TokenCredential> credential, String tenantId, AzureSettings settings) {
    this.credential = credential;
    this.tenantId = tenantId;
    this.settings = settings;
  }

  private ContainerAppsApiClient client(String subscription) {
    return clients.computeIfAbsent(
        subscription,
        s ->
            ContainerAppsApiManager.configure()
                .withHttpClient(settings.httpClient())
                .withRetryOptions(settings.armRetry())
                .withDefaultPollInterval(settings.pollInterval())
                .authenticate(
                    credential.get(), new AzureProfile(tenantId, s, settings.environment()))
                .serviceClient());
  }

  @Override
  public List<Container> jobContainers(JobId job) {
    JobInner inner =
        call(
            job,
            "read",
            () ->
                client(job.subscription())
                    .getJobs()
                    .getByResourceGroup(job.resourceGroup(), job.name()));
    return inner.template() == null || inner.template().containers() == null
        ? List.of()
        : inner.template().containers().stream()
            .map(c -> new Container(c.name(), c.image()))
            .toList();
  }

  @Override
  public String startJob(JobId job, String container, String image, List<String> command) {
    ContainerAppsApiClient client = client(job.subscription());
    JobInner inner =
        call(
            job,
            "read",
            () -> client.getJobs().getByResourceGroup(job.resourceGroup(), job.name()));
    com.azure.resourcemanager.appcontainers.models.Container def =
        inner.template().containers().stream()
            .filter(c -> c.name().equals(container))
            .findFirst()
            .orElseThrow();
    // the execution template replaces the job's containers for this run: carry env and resources
    // over
    JobExecutionContainer run =
        new JobExecutionContainer()
            .withName(def.name())
            .withImage(image)
            .withCommand(command)
            .withArgs(List.of())
            .withEnv(def.env())
            .withResources(def.resources());
    JobExecutionBaseInner started =
        call(
            job,
            "start",
            () ->
                client
                    .getJobs()
                    .start(
                        job.resourceGroup(),
                        job.name(),
                        new JobExecutionTemplate().withContainers(List.of(run)),
                        com.azure.core.util.Context.NONE));
    return started.name();
  }

  @Override
  public JobExecution execution(JobId job, String execution) {
    JobExecutionInner e =
        call(
            job,
            "read execution " + execution + " of",
            () ->
                client(job.subscription())
                    .getResourceProviders()
                    .jobExecution(job.resourceGroup(), job.name(), execution));
    return new JobExecution(
        e.name(),
        e.status() == null ? "Unknown" : e.status().toString(),
        Optional.ofNullable(e.startTime()),
        Optional.ofNullable(e.endTime()));
  }

  @Override
  public AppState app(AppId app) {
    ContainerAppInner inner =
        call(
            app,
            "read",
            () ->
                client(app.subscription())
                    .getContainerApps()
                    .getByResourceGroup(app.resourceGroup(), app.name()));
    Configuration config = inner.configuration();
    Ingress ingress = config == null ? null : config.ingress();
    List<Traffic> traffic =
        ingress == null || ingress.traffic() == null
            ? List.of()
            : ingress.traffic().stream()
                .map(
                    t ->
                        new Traffic(
                            t.revisionName(),
                            Boolean.TRUE.equals(t.latestRevision()),
                            t.weight() == null ? 0 : t.weight()))
                .toList();
    Template template = inner.template();
    List<Container> containers = containers(template);
    if (containers.isEmpty()) {
      throw new OutsideSystemException(
          "azure", "Container App " + app.name() + " has no containers in its template");
    }
    return new AppState(
        inner.name(),
        config == null || config.activeRevisionsMode() == null
            ? "Single"
            : config.activeRevisionsMode().toString(),
        inner.latestRevisionName(),
        inner.latestReadyRevisionName(),
        containers,
        template == null ? null : template.revisionSuffix(),
        Optional.ofNullable(ingress).map(Ingress::fqdn),
        traffic);
  }

  @Override
  public void setImage(AppId app, String container, String image, Optional<String> revisionSuffix) {
    ContainerAppsApiClient client = client(app.subscription());
    ContainerAppInner current =
        call(
            app,
            "read",
            () -> client.getContainerApps().getByResourceGroup(app.resourceGroup(), app.name()));
    Template template = current.template();
    template.containers().stream()
        .filter(c -> c.name().equals(container))
        .findFirst()
        .orElseThrow(
            () ->
                new OutsideSystemException(
                    "azure", "Container App " + app.name() + " has no container " + container))
        .withImage(image);
    revisionSuffix.ifPresent(template::withRevisionSuffix);
    ContainerAppInner patch =
        new ContainerAppInner().withLocation(current.location()).withTemplate(template);
    call(
        app,
        "update",
        () -> client.getContainerApps().update(app.resourceGroup(), app.name(), patch));
  }

  @Override
  public RevisionState revision(AppId app, String revision) {
    return state(
        call(
            app,
            "read revision " + revision,
            () ->
                client(app.subscription())
                    .getContainerAppsRevisions()
                    .getRevision(app.resourceGroup(), app.name(), revision)));
  }

  @Override
  public void activate(AppId app, String revision) {
    call(
        app,
        "activate revision " + revision,
        () -> {
          client(app.subscription())
              .getContainerAppsRevisions()
              .activateRevision(app.resourceGroup(), app.name(), revision);
          return null;
        });
  }

  @Override
  public void deactivate(AppId app, String revision) {
    call(
        app,
        "deactivate revision " + revision,
        () -> {
          client(app.subscription())
              .getContainerAppsRevisions()
              .deactivateRevision(app.resourceGroup(), app.name(), revision);
          return null;
        });
  }

  @Override
  public void sendAllTraffic(AppId app, String revision) {
    ContainerAppsApiClient client = client(app.subscription());
    ContainerAppInner current =
        call(
            app,
            "read",
            () -> client.getContainerApps().getByResourceGroup(app.resourceGroup(), app.name()));
    Ingress ingress = current.configuration() == null ? null : current.configuration().ingress();
    if (ingress == null) {
      return; // no ingress, no traffic to move: the active revisions serve nothing over HTTP
    }
    ingress.withTraffic(allTrafficTo(revision, ingress.traffic()));
    ContainerAppInner patch =
        new ContainerAppInner()
            .withLocation(current.location())
            .withConfiguration(new Configuration().withIngress(ingress));
    call(
        app,
        "move traffic to " + revision,
        () -> client.getContainerApps().update(app.resourceGroup(), app.name(), patch));
  }

  /**
   * All weight on {@code revision}, keeping the entries bosun does not own: a labelled entry (a
   * team's blue/green or canary URL) stays, at weight 0 since the weights must add up to 100, and
   * keeps its label; the unlabelled weights are what bosun replaces. A label already on {@code
   * revision} carries its 100.
   */
  static List<TrafficWeight> allTrafficTo(String revision, List<TrafficWeight> current) {
    List<TrafficWeight> labelled =
        current == null
            ? List.of()
            : current.stream().filter(t -> t.label() != null && !t.label().isBlank()).toList();
    List<TrafficWeight> out = new ArrayList<>();
    boolean carried = false;
    for (TrafficWeight t : labelled) {
      boolean here =
          revision.equals(t.revisionName()) && !Boolean.TRUE.equals(t.latestRevision()) && !carried;
      carried |= here;
      out.add(
          new TrafficWeight()
              .withRevisionName(t.revisionName())
              .withLatestRevision(t.latestRevision())
              .withLabel(t.label())
              .withWeight(here ? 100 : 0));
    }
    if (!carried) {
      out.add(0, new TrafficWeight().withRevisionName(revision).withWeight(100));
    }
    return out;
  }

  private static RevisionState state(RevisionInner r) {
    return new RevisionState(
        r.name(),
        r.provisioningState() == null ? "Unknown" : r.provisioningState().toString(),
        r.runningState() == null ? "Unknown" : r.runningState().toString(),
        r.healthState() == null ? "Unknown" : r.healthState().toString(),
        Boolean.TRUE.equals(r.active()),
        r.trafficWeight() == null ? 0 : r.trafficWeight(),
        containers(r.template()),
        Optional.ofNullable(r.provisioningError()).filter(s -> !s.isBlank()),
        Optional.ofNullable(r.createdTime()));
  }

  private static List<Container> containers(Template template) {
    if (template == null || template.containers() == null) {
      return List.of();
    }
    return template.containers().stream().map(c -> new Container(c.name(), c.image())).toList();
  }

  /** Turns SDK failures into one message naming the app, the operation and what ARM said. */
  private static <T> T call(JobId job, String what, Supplier<T> action) {
    return call(
        new AppId(job.subscription(), job.resourceGroup(), job.name()),
        "Container Apps job",
        what,
        action);
  }

  private static <T> T call(AppId app, String what, Supplier<T> action) {
    return call(app, "Container App", what, action);
  }

  private static <T> T call(AppId app, String kind, String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (ManagementException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      String code =
          e.getValue() == null ? "" : e.getValue().getCode() + ": " + e.getValue().getMessage();
      throw new OutsideSystemException(
          "azure",
          "Azure refused to "
              + what
              + " "
              + kind
              + " "
              + app.name()
              + " (HTTP "
              + status
              + (code.isEmpty() ? "" : ", " + code)
              + ")"
              + hint(status, app),
          e);
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      throw new OutsideSystemException(
          "azure",
          "Azure refused to "
              + what
              + " "
              + kind
              + " "
              + app.name()
              + " (HTTP "
              + status
              + ")"
              + hint(status, app),
          e);
    } catch (RuntimeException e) {
      if (e instanceof dev.bosun.support.BosunException b) {
        throw b;
      }
      Optional<Throwable> signIn = signInFailure(e, 0);
      if (signIn.isPresent()) {
        throw new OutsideSystemException(
            "azure",
            "Azure sign-in failed before reading "
                + app.name()
                + ": "
                + firstLine(signIn.get())
                + ". Check azure-client-id, azure-tenant-id and the app registration's "
                + "federated credential (or secret).",
            e);
      }
      throw new OutsideSystemException(
          "azure", "Could not " + what + " " + kind + " " + app.name() + ": " + firstLine(e), e);
    }
  }

  private static String hint(int status, AppId app) {
    return switch (status) {
      case 401 ->
          ". Sign-in failed: check azure-client-id, azure-tenant-id and the federated credential.";
      case 403 ->
          ". Give the deploying identity the 'Contributor' role (or Container Apps Contributor) on resource "
              + "group "
              + app.resourceGroup()
              + " in subscription "
              + app.subscription()
              + ".";
      case 404 -> ". Check the subscription, resource-group and apps entries of this environment.";
      default -> ".";
    };
  }

  /**
   * The credential's own failure, which the SDK's retry policy buries among suppressed exceptions.
   */
  private static Optional<Throwable> signInFailure(Throwable e, int depth) {
    if (e == null || depth > 8) {
      return Optional.empty();
    }
    String type = e.getClass().getName();
    if (type.startsWith("com.microsoft.aad.msal4j")
        || type.startsWith("com.azure.identity")
        || type.equals("com.azure.core.exception.ClientAuthenticationException")) {
      return Optional.of(e);
    }
    for (Throwable s : e.getSuppressed()) {
      Optional<Throwable> found = signInFailure(s, depth + 1);
      if (found.isPresent()) {
        return found;
      }
    }
    return e.getCause() == e ? Optional.empty() : signInFailure(e.getCause(), depth + 1);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
