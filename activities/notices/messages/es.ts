/**
 * Mensajes de los avisos en español. Same keys as en.ts (the type `Catalogue` enforces it);
 * citations are in en.ts beside each group. Terms follow the usual California Spanish forms:
 * IEP = Programa de Educación Individualizada, garantías procesales, Aviso Previo por Escrito.
 */
import type { Catalogue } from './keys';

export const es: Catalogue = {
  'label.date': 'Fecha',
  'label.studentId': 'ID del estudiante',
  'label.student': 'Estudiante',
  'label.to': 'Para',
  'label.case': 'Caso',
  'label.form': 'Formulario',
  'label.purpose': 'Propósito',
  'heading.deadlines': 'Fechas que aplican a este aviso',
  'label.due': 'Fecha límite',
  'label.actBy': 'Actuar a más tardar (último día hábil)',
  'label.earliest': 'A partir de',
  'label.why': 'Cómo se calculó esta fecha',
  'deadlines.none': 'Este aviso no fija ninguna fecha límite.',
  'due.none': 'sin fecha',
  'heading.choices': 'Por favor marque una opción',
  'heading.signature': 'Firmas',
  'signature.parent': 'Firma del padre/madre o del estudiante adulto',
  'signature.lea': 'Firma del representante de la agencia educativa local (LEA)',
  'signature.staff': 'Firma del miembro del personal',
  'signature.student': 'Firma del estudiante',
  'signature.date': 'Fecha',
  'safeguards':
    'Usted y su hijo(a) tienen protecciones bajo las garantías procesales de la ley de educación especial. Si desea una copia del Aviso de Garantías Procesales, o ayuda para entender este aviso, comuníquese con el distrito.',
  'footer.page': 'Página {page} de {pages}',
  'footer.document': 'Caso {caseId} · formulario {form}',
  'date.long': '{weekday}, {day} de {month} de {year}',

  'body.generic.1':
    'Este aviso se refiere a: {title}. Las fechas indicadas abajo se calcularon a partir del expediente de su hijo(a). Comuníquese con el distrito si tiene preguntas.',
  'body.nc1.1':
    'Se adjunta el Aviso de Garantías Procesales: los derechos de educación especial de los padres y de los niños según la Ley de Educación para Personas con Discapacidades (IDEA), Parte B, y el Código de Educación de California.',
  'body.nc1.2':
    'Se le entrega cuando usted pide una copia, la primera vez que su hijo(a) es remitido(a) para una evaluación, cada vez que recibe un plan de evaluación, con la primera queja de un año escolar y cuando se decide una remoción que cambia la colocación de su hijo(a).',
  'body.nc2a.1':
    'Su hijo(a) ha sido remitido(a) para una evaluación de educación especial. Una remisión hecha por el personal escolar indica los motivos y las intervenciones de educación general intentadas antes de ella.',
  'body.nc2a.2': 'El distrito le enviará un plan de evaluación a más tardar en la fecha límite indicada abajo.',
  'body.iep18.1':
    'El distrito escolar ha recibido una remisión para evaluar a su hijo(a) y determinar si tiene una discapacidad y necesita educación especial. El distrito es responsable de esta evaluación y la realizará sin costo para usted.',
  'body.iep18.2':
    'Se le enviará un plan de evaluación dentro de los 15 días siguientes a la recepción de la remisión por el distrito; el plan describe las evaluaciones que se realizarán. Usted es un miembro importante del equipo del IEP.',
  'body.iep18.3':
    'Dentro de los 60 días siguientes a la recepción de su consentimiento por escrito para la evaluación, se celebrará una reunión del equipo del IEP para decidir si su hijo(a) es elegible. El distrito necesita su consentimiento por escrito antes de evaluar a su hijo(a) o de proporcionarle educación especial por primera vez.',
  'body.nc3.1':
    'El distrito propone evaluar a su hijo(a) en todas las áreas de posible discapacidad, según lo marcado por el distrito en el plan de evaluación, para determinar su elegibilidad para educación especial y su nivel actual de rendimiento académico y funcional.',
  'body.nc3.2':
    'Usted tiene al menos 15 días desde que recibe este plan para decidir. Los resultados serán confidenciales, se le invitará a la reunión del equipo del IEP para hablar de ellos y no se proporcionará ningún servicio de educación especial sin su consentimiento por escrito.',
  'choice.nc3.consent': 'Doy mi consentimiento para la evaluación.',
  'choice.nc3.refuse': 'No doy mi consentimiento para la evaluación propuesta.',
  'body.nc6a.1':
    'Se ha programado una reunión del equipo del Programa de Educación Individualizada (IEP) para su hijo(a). Su participación es importante. Puede traer a otras personas que conozcan a su hijo(a) o tengan conocimientos especiales; los estudiantes de 15 años o más deben asistir.',
  'body.nc6a.2': 'Por favor devuelva este formulario con su respuesta, para que la reunión se celebre como está previsto o se cambie a un horario que le convenga.',
  'body.nc6a.recording': 'Si desea grabar la reunión en audio, debe avisar al distrito por lo menos 24 horas antes.',
  'choice.nc6a.attend': 'Pienso asistir a la reunión.',
  'choice.nc6a.phone': 'No pienso asistir, pero estoy disponible por teléfono.',
  'choice.nc6a.otherTime': 'Solicito otro horario y/o lugar.',
  'choice.nc6a.interpreter': 'Solicito un intérprete en mi idioma principal u otro modo de comunicación.',
  'choice.nc6a.agencies': 'Si se hablará de servicios de transición, doy mi consentimiento para invitar a representantes de las agencias correspondientes.',
  'body.nc7.1':
    'Un miembro del equipo del IEP no tiene que asistir a una reunión del equipo, total o parcialmente, si usted y el distrito acuerdan por escrito que su asistencia no es necesaria, porque su área no se va a modificar ni tratar, o porque el miembro entregó por escrito sus aportes a usted y al equipo antes de la reunión.',
  'body.nc7.2': 'Si usted no está de acuerdo, el miembro debe asistir o la reunión se volverá a programar.',
  'choice.nc7.agree': 'Estoy de acuerdo en excusar al (a los) miembro(s) del equipo del IEP indicados.',
  'choice.nc7.reschedule': 'Solicito que la reunión se vuelva a programar para que el (los) miembro(s) puedan asistir.',
  'body.iep9a.1':
    'Por favor revise el IEP e indique su consentimiento. Las partes del IEP que usted consienta se aplicarán sin demora; las partes que no consienta no se aplicarán.',
  'choice.iep9a.all': 'Entiendo el contenido de este IEP y doy mi consentimiento.',
  'choice.iep9a.except': 'Entiendo el contenido de este IEP y doy mi consentimiento, excepto por las partes que indico.',
  'choice.iep9a.none': 'No doy mi consentimiento al contenido de este IEP.',
  'body.iep11.1':
    'Después de revisar el IEP aprobado anteriormente y de consultar con usted, se ha hecho una colocación provisional con servicios comparables. En un plazo que no excederá de 30 días, el distrito adoptará el IEP anterior o elaborará y aplicará uno nuevo.',
  'body.pwn.1':
    'Este aviso le informa de la propuesta, o del rechazo, del distrito de iniciar o cambiar la identificación, la evaluación, la colocación educativa o la provisión de una educación pública gratuita y apropiada para su hijo(a).',
  'body.pwn.2':
    'Describe la acción propuesta o rechazada, el motivo, las evaluaciones, registros e informes en que se basó, otras opciones consideradas y por qué se rechazaron, y otros factores pertinentes.',
  'body.form27.1':
    'El distrito recibió su revocación por escrito del consentimiento para la educación especial y los servicios relacionados. Los servicios terminarán en la fecha indicada por el distrito; a partir del siguiente día escolar su hijo(a) estará en educación general.',
  'body.form27.2':
    'Después de esa fecha su hijo(a) será un estudiante de educación general en todos los aspectos, incluida la disciplina, y ya no tendrá las protecciones disciplinarias de la educación especial.',
  'body.form27.3':
    'Puede reunirse con el distrito para hablar de su decisión, pero la reunión es voluntaria y no retrasará el fin de los servicios. Una solicitud de servicios posterior se tratará como una solicitud de evaluación inicial.',
  'body.nc12.1':
    'Este aviso le informa que se prevé que su hijo(a) salga de educación especial, el motivo y la información revisada para llegar a esta determinación.',
  'body.nc12.2': 'El resumen adjunto del rendimiento académico y funcional incluye recomendaciones para ayudar a alcanzar las metas posteriores a la secundaria.',
  'body.pwnGraduation.1':
    'Esta carta es un aviso por escrito de que su hijo(a) cumple los requisitos para graduarse con un diploma regular de escuela secundaria. La graduación es un cambio de colocación: después de graduarse, su hijo(a) ya no será elegible para servicios de educación especial.',
  'body.pwnGraduation.2': 'Si no está de acuerdo, tiene derecho a las garantías procesales y, si lo solicita, se puede convocar una reunión del IEP para hablar de esta recomendación.',
  'body.ber.1':
    'Se usó una intervención de emergencia con su hijo(a). Se notifica al padre o tutor y, si corresponde, al proveedor de cuidado residencial dentro de un día escolar, y se completa un Informe de Emergencia de Conducta que revisa un administrador designado.',
  'body.ber.2':
    'Si su hijo(a) no tiene un plan de intervención de conducta, se programará una reunión del equipo del IEP dentro de dos días para revisar el informe y decidir si se necesitan una evaluación funcional de la conducta y un plan provisional.',
  'body.signedIep.1':
    'Hasta la fecha el distrito no ha recibido su consentimiento para el IEP de su hijo(a). El distrito no puede aplicar el IEP sin su consentimiento; puede consentir a todo o a una parte, y las partes que consienta se aplicarán sin demora.',
  'body.signedIep.2': 'Por favor devuelva el IEP firmado lo antes posible, o comuníquese con el distrito si tiene preguntas.',
  'body.ifspAp.1':
    'El programa Early Start propone una evaluación de su hijo(a) por personal calificado. La evaluación necesita su consentimiento por escrito, y el Plan Individualizado de Servicios para la Familia (IFSP) no se aplicará sin su consentimiento.',
  'body.ifspNom.1':
    'Se ha previsto una reunión del equipo del IFSP para considerar el programa de intervención temprana de su hijo(a) y de su familia. Puede invitar a familiares o a un defensor.',
  'body.ifsp7.1':
    'Early Start termina cuando su hijo(a) cumple 3 años. La elegibilidad para educación especial preescolar debe determinarse antes del tercer cumpleaños; este aviso describe los pasos y las fechas de la transición.',
  'body.ifsp9.1': 'Por favor indique su consentimiento para los servicios de intervención temprana del IFSP. Se proporcionarán los servicios que usted consienta.',
  'choice.ifsp9.all': 'Doy mi consentimiento para todos los servicios de este IFSP.',
  'choice.ifsp9.except': 'Doy mi consentimiento para los servicios de este IFSP, excepto los que indico.',
  'choice.ifsp9.none': 'No doy mi consentimiento para los servicios de este IFSP.',
  'body.decision.1':
    'Este aviso le informa, en la misma fecha en que se toma la decisión, de la decisión del distrito de tomar una medida disciplinaria que es un cambio de colocación de su hijo(a). Se adjunta el Aviso de Garantías Procesales.',
  'body.decision.2':
    'El equipo del IEP se reunirá para decidir si la conducta fue una manifestación de la discapacidad de su hijo(a), a más tardar en la fecha indicada abajo.',
  'body.rightsTransfer.1':
    'Cuando un estudiante con discapacidad cumple 18 años, todos los derechos de educación especial pasan del padre o la madre al estudiante, salvo que un tribunal haya declarado al estudiante incompetente.',
  'body.rightsTransfer.2': 'Desde entonces el distrito entrega los avisos requeridos tanto al estudiante como al padre o la madre.',
  'body.rpt4.1': 'Se ha previsto una reunión sobre este estudiante. Por favor proporcione la información del aula en las áreas solicitadas y devuélvala a más tardar en la fecha indicada abajo.',
  'body.earlyStart.1':
    'El niño o la niña pronto alcanzará la edad de elegibilidad para educación especial preescolar. Se invita al distrito y a la familia a planificar la transición desde Early Start.',
  'body.proof.1': 'Soy mayor de 18 años y no soy parte en este asunto. Trabajo en el condado donde se realizó el envío por correo.',
  'body.proof.2':
    'Entregué una copia de los documentos indicados abajo enviándolos en un sobre cerrado, con franqueo de primera clase totalmente pagado, a la dirección indicada abajo.',
  'body.proof.3': 'Una copia de esta constancia se adjunta a los documentos enviados; el original firmado se guarda en el expediente del estudiante.',
  'label.proof.documents': 'Documentos entregados',
  'label.proof.servedOn': 'Fecha de entrega',
  'label.proof.method': 'Método',
  'proof.method.mail': 'Depositado en el Servicio Postal de los Estados Unidos, o entregado para su envío en la oficina de correo del distrito',
  'label.proof.addressedTo': 'Dirigido a',
  'label.proof.servedBy': 'Entregado por (ID del personal)',
  'proof.declaration': 'Declaro bajo pena de perjurio, según las leyes del Estado de California, que lo anterior es verdadero y correcto.',

  'email.subject': '{form}: {title} (estudiante {studentId})',
  'email.body': 'Se adjunta el aviso {form}, {title}, con fecha {date}, para el estudiante {studentId}. Comuníquese con el distrito si tiene preguntas.',

  'title.NC 1': 'Aviso de Garantías Procesales',
  'title.NC 2A': 'Aviso de Remisión para Educación Especial',
  'title.IEP 18': 'Aviso de Recepción de la Remisión para Evaluación de Educación Especial',
  'title.NC 3': 'Plan de Evaluación',
  'title.NC 6A': 'Aviso de Reunión del Equipo del IEP',
  'title.NC 7': 'Excusa de un Miembro del Equipo del IEP',
  'title.IEP 1': 'IEP – Información Demográfica',
  'title.IEP 2A': 'IEP – Elegibilidad',
  'title.IEP 6D': 'IEP – Plan de Transición Posterior a la Secundaria',
  'title.IEP 6G': 'IEP – Plan de Intervención de Conducta',
  'title.IEP 7A-2': 'IEP – Servicios del Año Escolar Extendido',
  'title.IEP 9A': 'IEP – Consentimiento y Firmas',
  'title.IEP 9B': 'IEP – Asistencia y Firmas',
  'title.IEP 11': 'IEP – Colocación Provisional',
  'title.ISP 1': 'Plan de Servicios Individual (Escuela Privada Elegida por los Padres)',
  'title.NC 12': 'Aviso de Salida – Resumen del Rendimiento',
  'title.RPT 4': 'Información del Aula',
  'title.RPT 7': 'Informe',
  'title.PWN': 'Aviso Previo por Escrito',
  'title.RPT 6/Form 27': 'Aviso por Escrito cuando el Padre Revoca el Consentimiento para Educación Especial',
  'title.PWN graduation': 'Aviso Previo por Escrito de la Acción Propuesta: Graduación de la Escuela Secundaria',
  'title.BER': 'Informe de Emergencia de Conducta: Aviso a los Padres',
  'title.Signed IEP letter': 'Solicitud del IEP Firmado',
  'title.Proof of Service': 'Constancia de Entrega por Correo',
  'title.A-1': 'Solicitud de Expedientes del Estudiante',
  'title.A-3': 'Autorización para Divulgar Expedientes del Estudiante',
  'title.A-5': 'Carta de Envío de Expedientes',
  'title.A-6': 'Carta a los Padres: Sellado de Expedientes de C.I.',
  'title.Surrogate appointment': 'Nombramiento y Aceptación de Padre Sustituto',
  'title.IFSP AP': 'Formulario AP del IFSP: Plan de Evaluación',
  'title.IFSP NOM': 'Formulario NOM del IFSP: Aviso de Reunión',
  'title.IFSP 7': 'Formulario 7 del IFSP: Planificación de la Transición',
  'title.IFSP 9': 'Formulario 9 del IFSP: Firma y Consentimiento de los Padres',
  'title.Early Start notice': 'Aviso: Transición desde Early Start',
  'title.Notice of delay': 'Aviso de Retraso en la Evaluación',
  'title.Decision notice': 'Aviso de Decisión Disciplinaria (Cambio de Colocación)',
  'title.Resolution letter': 'Carta de Sesión de Resolución',
  'title.Transition packet': 'Paquete de Transición de Early Start',
  'title.IEE policy': 'Política de Evaluación Educativa Independiente',
  'title.Certification not to enroll': 'Certificación de la Decisión de los Padres de No Inscribir',
  'title.Amendment': 'Enmienda del IEP sin Reunión',
  'title.Rights transfer notice': 'Aviso de Transferencia de Derechos a la Mayoría de Edad',

  'recipient.parent': 'Padre/Madre/Tutor',
  'recipient.adultStudent': 'Estudiante adulto',
  'recipient.student': 'Estudiante',
  'recipient.district': 'Distrito',
  'recipient.dor': 'Distrito de residencia',
  'recipient.selpa': 'SELPA',
  'recipient.teachers': 'Maestros',
  'recipient.team': 'Equipo del IEP',
  'recipient.providers': 'Proveedores de servicios',
  'recipient.formerLea': 'Agencia educativa anterior',
  'recipient.oah': 'Oficina de Audiencias Administrativas',
  'recipient.esp': 'Coordinador de servicios de Early Start',
  'recipient.nps': 'Escuela/agencia no pública',
  'recipient.caseManager': 'Administrador del caso',

  'month.1': 'enero',
  'month.2': 'febrero',
  'month.3': 'marzo',
  'month.4': 'abril',
  'month.5': 'mayo',
  'month.6': 'junio',
  'month.7': 'julio',
  'month.8': 'agosto',
  'month.9': 'septiembre',
  'month.10': 'octubre',
  'month.11': 'noviembre',
  'month.12': 'diciembre',
  'weekday.0': 'domingo',
  'weekday.1': 'lunes',
  'weekday.2': 'martes',
  'weekday.3': 'miércoles',
  'weekday.4': 'jueves',
  'weekday.5': 'viernes',
  'weekday.6': 'sábado',
};
